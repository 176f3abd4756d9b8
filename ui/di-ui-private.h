/* di-ui-private.h — helpers the views of the desktop application share */
#pragma once

#include <adwaita.h>
#include <json-glib/json-glib.h>

#include "di-app.h"
#include "di-ocr.h"
#include "di-types.h"

G_BEGIN_DECLS

#define DI_APP_ID "org.docinspect.DocInspect"
#define DI_RESOURCE_PATH "/org/docinspect/DocInspect"

/* A plain title for a check id ("UV: dull paper"); the id itself for one it does not know. */
const char   *di_ui_check_title          (const char   *id);
/* An MRZ field in words ("date of birth"); the field itself for one it does not know */
const char   *di_ui_field_title          (const char   *field);
/* The title of a light ("White", "UV", "IR") */
const char   *di_ui_light_title          (DiLight       light);
/* A verdict's words for the officer, its icon and its style class */
const char   *di_ui_verdict_title        (const char   *verdict);
const char   *di_ui_verdict_icon         (const char   *verdict);
const char   *di_ui_verdict_css          (const char   *verdict);
/* A check status (pass, fail, not_done): its word, icon and style class */
const char   *di_ui_status_title         (const char   *status);
const char   *di_ui_status_icon          (const char   *status);
const char   *di_ui_status_css           (const char   *status);
/* An officer's decision or a supervisor's disposition in words */
const char   *di_ui_decision_title       (const char   *decision);
const char   *di_ui_disposition_title    (const char   *disposition);
/* The light a check looks under ("uv", …) as a DiLight; FALSE when it has none */
gboolean      di_ui_check_light          (JsonObject   *check,
                                          DiLight      *light);

/* A texture of an RGB24 cairo surface */
GdkTexture   *di_ui_texture_new_for_surface (cairo_surface_t *surface);

/* A folder chosen with the file chooser; @callback gets the path, or NULL when cancelled. */
typedef void (*DiUiPathCallback) (const char *path,
                                  gpointer    user_data);
void          di_ui_choose_path          (GtkWidget             *parent,
                                          const char            *title,
                                          GtkFileChooserAction   action,
                                          const char            *current_name,
                                          DiUiPathCallback       callback,
                                          gpointer               user_data);

/* Shows a toast in the window of @widget (a DiWindow) */
void          di_ui_toast                (GtkWidget    *widget,
                                          const char   *message);

G_END_DECLS
