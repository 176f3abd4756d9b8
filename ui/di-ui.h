/* di-ui.h — the desktop application: GTK 4 + libadwaita over the inspection library */
#pragma once

#include "di-application.h"
#include "di-booth-page.h"
#include "di-cases-page.h"
#include "di-document.h"
#include "di-inspection-view.h"
#include "di-page-view.h"
#include "di-preferences.h"
#include "di-reader-watch.h"
#include "di-station.h"
#include "di-trainer-page.h"
#include "di-window.h"

G_BEGIN_DECLS

/* Translations and resources, once, for programs that make windows without the application
 * (tests, benchmarks) */
void          di_ui_init                 (void);

G_END_DECLS
