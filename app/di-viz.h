/* di-viz.h — the visual zone against the MRZ */
#pragma once

#include <glib.h>

#include "di-mrz.h"

G_BEGIN_DECLS

typedef enum {
  DI_VIZ_MATCH,
  DI_VIZ_MISMATCH,
  DI_VIZ_UNREADABLE,   /* the text read is no value of the field: nothing to compare */
} DiVizResult;

gboolean      di_viz_parse_date          (const char   *text,
                                          GDate        *out);
DiVizResult   di_viz_compare             (DiMrzField    field,
                                          const char   *viz,
                                          const DiMrz  *mrz,
                                          char        **diagnosis);

G_END_DECLS
