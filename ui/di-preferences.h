/* di-preferences.h — the preferences: reader folder, case log, station, policy */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

GtkWindow    *di_preferences_new         (GSettings    *settings);

G_END_DECLS
