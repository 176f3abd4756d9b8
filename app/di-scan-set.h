/* di-scan-set.h — a scan set: one page under up to three lights, as a folder (DESIGN.md) */
#pragma once

#include <glib.h>

#include "di-types.h"

G_BEGIN_DECLS

/* The image of each light in a scan set folder: LIGHT.EXT or *_LIGHT.EXT in any case, EXT
 * one of png, jpg, jpeg, tif, tiff; NULL for a light without one. Fails when the folder
 * cannot be read or holds two images for one light. */
gboolean      di_scan_set_find           (const char  *dir,
                                          char        *paths[DI_N_LIGHTS],
                                          GError     **error);

G_END_DECLS
