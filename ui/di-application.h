/* di-application.h — the desktop application org.docinspect.DocInspect */
#pragma once

#include <adwaita.h>

#include "di-station.h"

G_BEGIN_DECLS

#define DI_TYPE_APPLICATION (di_application_get_type ())
G_DECLARE_FINAL_TYPE (DiApplication, di_application, DI, APPLICATION, AdwApplication)

/* The application's settings: the installed schema, else the build folder's; NULL with
 * @error when neither is there */
GSettings    *di_application_settings_new (GError        **error);
DiApplication *di_application_new        (GSettings      *settings,
                                          GApplicationFlags flags);
DiStation    *di_application_get_station (DiApplication  *self);
/* `docinspect-gui [SCANDIR]`: 0, or 2 with one line on stderr when it cannot start */
int           di_application_main        (int             argc,
                                          char          **argv);

G_END_DECLS
