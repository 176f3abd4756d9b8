/* di-document.h — one scan set on screen: its images under each light, its report */
#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

#include "di-ocr.h"
#include "di-types.h"

G_BEGIN_DECLS

#define DI_TYPE_DOCUMENT (di_document_get_type ())
G_DECLARE_FINAL_TYPE (DiDocument, di_document, DI, DOCUMENT, GObject)

/* @paths: the image of each light, NULL where the light is missing */
DiDocument   *di_document_new            (const char        *name,
                                          const char *const  paths[DI_N_LIGHTS]);
/* A scan set folder (DESIGN.md); NULL with @error when it holds no image of a light. */
DiDocument   *di_document_new_for_folder (const char        *folder,
                                          GError           **error);

const char   *di_document_get_name       (DiDocument        *self);
const char   *di_document_get_path       (DiDocument        *self,
                                          DiLight            light);

/* Decodes the images in worker threads, the white one first; "image-loaded" is emitted for
 * each as it is ready, "notify::loaded" when all are. */
void          di_document_load_images    (DiDocument        *self);
gboolean      di_document_get_loaded     (DiDocument        *self);
/* The image to draw at @scale (a pyramid of halves: the smallest at least that large) */
cairo_surface_t *di_document_get_surface (DiDocument        *self,
                                          DiLight            light,
                                          double             scale,
                                          double            *level_scale);
/* The decoded pixels, for crops; NULL until loaded */
const DiRgb  *di_document_get_rgb        (DiDocument        *self,
                                          DiLight            light);
/* Why an image could not be loaded, or NULL */
const char   *di_document_get_load_error (DiDocument        *self);

/* The inspection report (the `inspect --json` object); NULL while not inspected */
JsonObject   *di_document_get_report     (DiDocument        *self);
void          di_document_set_report     (DiDocument        *self,
                                          JsonNode          *report);
/* Why the inspection could not run, or NULL */
const char   *di_document_get_error      (DiDocument        *self);
void          di_document_set_error      (DiDocument        *self,
                                          const char        *error);
const char   *di_document_get_verdict    (DiDocument        *self);
JsonObject   *di_document_find_check     (DiDocument        *self,
                                          const char        *id);
gboolean      di_document_get_page_transform (DiDocument    *self,
                                              double         mm_to_scan[9]);
/* A check's region cut from the image of its light, upright, at @px_per_mm; NULL when the
 * check has no region, the page was not registered or the image is not loaded. */
cairo_surface_t *di_document_crop_check  (DiDocument        *self,
                                          JsonObject        *check,
                                          double             px_per_mm);

/* The case of the log it is, 0 when not logged */
gint64        di_document_get_case_id    (DiDocument        *self);
void          di_document_set_case_id    (DiDocument        *self,
                                          gint64             case_id);

G_END_DECLS
