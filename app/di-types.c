/* di-types.c — names of the shared types */
#define G_LOG_DOMAIN "di-types"

#include "config.h"

#include "di-types.h"

static const char *const light_names[DI_N_LIGHTS] = { "white", "uv", "ir" };
static const char *const kind_names[DI_N_DOC_KINDS] = { "passport", "id", "td2", "mrva", "mrvb" };

const char *
di_light_to_string (DiLight light)
{
  return light < DI_N_LIGHTS ? light_names[light] : NULL;
}

gboolean
di_light_from_string (const char *text,
                      DiLight    *out)
{
  for (guint i = 0; i < DI_N_LIGHTS; i++)
    if (g_strcmp0 (text, light_names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}

const char *
di_doc_kind_to_string (DiDocKind kind)
{
  return kind < DI_N_DOC_KINDS ? kind_names[kind] : NULL;
}

gboolean
di_doc_kind_from_string (const char *text,
                         DiDocKind  *out)
{
  for (guint i = 0; i < DI_N_DOC_KINDS; i++)
    if (g_strcmp0 (text, kind_names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return FALSE;
}
