/* di-cases-page.h — the supervisor's case log: list, filters, a case, review, export, charts */
#pragma once

#include <adwaita.h>

#include "di-inspection-view.h"
#include "di-station.h"

G_BEGIN_DECLS

#define DI_TYPE_CASES_PAGE (di_cases_page_get_type ())
G_DECLARE_FINAL_TYPE (DiCasesPage, di_cases_page, DI, CASES_PAGE, AdwBin)

void          di_cases_page_set_station  (DiCasesPage  *self,
                                          DiStation    *station);
/* Lists the cases again with the filters (in a worker thread) */
void          di_cases_page_refresh      (DiCasesPage  *self);
/* Opens a case in the page view, with its review form and history */
void          di_cases_page_open_case    (DiCasesPage  *self,
                                          gint64        case_id);

/* What is shown, for tests */
GListModel   *di_cases_page_get_model    (DiCasesPage  *self);
gboolean      di_cases_page_is_busy      (DiCasesPage  *self);
const char   *di_cases_page_get_view     (DiCasesPage  *self);
DiInspectionView *di_cases_page_get_case_view (DiCasesPage *self);
const char   *di_cases_page_get_review_message (DiCasesPage *self);
JsonNode     *di_cases_page_get_stats    (DiCasesPage  *self);
/* Sets the filter's first and last day (YYYY-MM-DD, UTC), as typed; NULL for none */
void          di_cases_page_set_period   (DiCasesPage  *self,
                                          const char   *first,
                                          const char   *last);
/* Sets the review form: a disposition and a note; then "cases.review" records it */
void          di_cases_page_set_review   (DiCasesPage  *self,
                                          const char   *disposition,
                                          const char   *note);

G_END_DECLS
