/* di-inspection-view.h — an inspected document: the verdict first, the page under each light
 * with its checks, a check's captured and reference crops, the MRZ, the visual zone */
#pragma once

#include <adwaita.h>

#include "di-document.h"
#include "di-page-view.h"
#include "di-station.h"

G_BEGIN_DECLS

#define DI_TYPE_INSPECTION_VIEW (di_inspection_view_get_type ())
G_DECLARE_FINAL_TYPE (DiInspectionView, di_inspection_view, DI, INSPECTION_VIEW, AdwBin)

void          di_inspection_view_set_station  (DiInspectionView *self,
                                               DiStation        *station);
void          di_inspection_view_set_document (DiInspectionView *self,
                                               DiDocument       *document);
DiDocument   *di_inspection_view_get_document (DiInspectionView *self);
/* Trainee mode: the page only; no verdict, checks or marks */
void          di_inspection_view_set_trainee  (DiInspectionView *self,
                                               gboolean          trainee);
DiPageView   *di_inspection_view_get_page_view (DiInspectionView *self);
void          di_inspection_view_set_light    (DiInspectionView *self,
                                               DiLight           light);
/* The next light the scan set has an image of */
void          di_inspection_view_cycle_light  (DiInspectionView *self);
/* Shows a check: its region marked, its light, its crops and sentence; NULL closes it */
void          di_inspection_view_select_check (DiInspectionView *self,
                                               const char       *id);
/* A page of the sidebar after Checks and MRZ (the case view's review and history) */
void          di_inspection_view_add_sidebar_page (DiInspectionView *self,
                                                   GtkWidget        *child,
                                                   const char       *name,
                                                   const char       *title);
void          di_inspection_view_show_sidebar_page (DiInspectionView *self,
                                                    const char       *name);

/* What is shown, for tests */
const char   *di_inspection_view_get_banner_title  (DiInspectionView *self);
const char   *di_inspection_view_get_detail_sentence (DiInspectionView *self);
const char   *di_inspection_view_get_detail_score  (DiInspectionView *self);
gboolean      di_inspection_view_get_crops_shown   (DiInspectionView *self,
                                                    gboolean         *captured,
                                                    gboolean         *reference);
const char   *di_inspection_view_get_mrz_markup    (DiInspectionView *self);
/* The rows of checks in the list (the passed ones once shown) */
guint         di_inspection_view_get_n_check_rows  (DiInspectionView *self);
/* Shows the rows of the passed checks too */
void          di_inspection_view_show_passed       (DiInspectionView *self);
gboolean      di_inspection_view_get_analysis_visible (DiInspectionView *self);

G_END_DECLS
