/* di-page-view.h — the page under one light, zoomed and panned, with each check's region
 * drawn over it in its status colour */
#pragma once

#include <gtk/gtk.h>

#include "di-document.h"

G_BEGIN_DECLS

#define DI_TYPE_PAGE_VIEW (di_page_view_get_type ())
G_DECLARE_FINAL_TYPE (DiPageView, di_page_view, DI, PAGE_VIEW, GtkWidget)

void          di_page_view_set_document  (DiPageView   *self,
                                          DiDocument   *document);
void          di_page_view_set_light     (DiPageView   *self,
                                          DiLight       light);
DiLight       di_page_view_get_light     (DiPageView   *self);
/* 1 shows the whole page; more magnifies */
void          di_page_view_set_zoom      (DiPageView   *self,
                                          double        zoom);
double        di_page_view_get_zoom      (DiPageView   *self);
/* Whether the checks are drawn (not in trainee mode) */
void          di_page_view_set_show_checks (DiPageView *self,
                                            gboolean    show);
void          di_page_view_set_selected_check (DiPageView *self,
                                               const char *id);
const char   *di_page_view_get_selected_check (DiPageView *self);
/* How many check regions are drawn now (tests) */
guint         di_page_view_get_n_regions (DiPageView   *self);

G_END_DECLS
