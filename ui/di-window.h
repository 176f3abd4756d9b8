/* di-window.h — the main window: booth, cases and training views */
#pragma once

#include <adwaita.h>

#include "di-booth-page.h"
#include "di-cases-page.h"
#include "di-station.h"
#include "di-trainer-page.h"

G_BEGIN_DECLS

#define DI_TYPE_WINDOW (di_window_get_type ())
G_DECLARE_FINAL_TYPE (DiWindow, di_window, DI, WINDOW, AdwApplicationWindow)

DiWindow     *di_window_new              (AdwApplication *application,
                                          DiStation      *station);
void          di_window_add_toast        (DiWindow       *self,
                                          const char     *message);
/* booth, cases or training */
void          di_window_show_view        (DiWindow       *self,
                                          const char     *name);
DiBoothPage  *di_window_get_booth_page   (DiWindow       *self);
DiCasesPage  *di_window_get_cases_page   (DiWindow       *self);
DiTrainerPage *di_window_get_trainer_page (DiWindow      *self);

G_END_DECLS
