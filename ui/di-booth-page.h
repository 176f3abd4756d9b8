/* di-booth-page.h — the booth: a scan set opened, inspected, decided */
#pragma once

#include <adwaita.h>

#include "di-document.h"
#include "di-inspection-view.h"
#include "di-station.h"

G_BEGIN_DECLS

#define DI_TYPE_BOOTH_PAGE (di_booth_page_get_type ())
G_DECLARE_FINAL_TYPE (DiBoothPage, di_booth_page, DI, BOOTH_PAGE, AdwBin)

void          di_booth_page_set_station  (DiBoothPage  *self,
                                          DiStation    *station);
/* Shows the scan set's images at once and inspects it in a worker thread; FALSE with a
 * toast when the folder is no scan set. */
gboolean      di_booth_page_open_folder  (DiBoothPage  *self,
                                          const char   *folder);
/* Dropped or given files: a scan set folder, or the images of one */
gboolean      di_booth_page_open_files   (DiBoothPage  *self,
                                          GSList       *files);
DiDocument   *di_booth_page_get_document (DiBoothPage  *self);
DiInspectionView *di_booth_page_get_inspection_view (DiBoothPage *self);
/* The decision recorded for the document on screen, or NULL */
const char   *di_booth_page_get_decision (DiBoothPage  *self);
const char   *di_booth_page_get_status   (DiBoothPage  *self);

G_END_DECLS
