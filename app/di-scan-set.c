/* di-scan-set.c — find the images of a scan set folder */
#define G_LOG_DOMAIN "di-scan-set"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "di-scan-set.h"

static gboolean
is_image_extension (const char *ext)
{
  static const char *const extensions[] = { "png", "jpg", "jpeg", "tif", "tiff", NULL };

  return g_strv_contains (extensions, ext);
}

/* LIGHT.EXT or *_LIGHT.EXT, in any case */
static gboolean
is_scan_name (const char *name,
              DiLight     light)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  char *dot = strrchr (lower, '.');
  g_autofree char *suffix = g_strconcat ("_", di_light_to_string (light), NULL);

  if (dot == NULL || !is_image_extension (dot + 1))
    return FALSE;
  *dot = '\0';
  return g_str_equal (lower, di_light_to_string (light)) || g_str_has_suffix (lower, suffix);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/**
 * di_scan_set_find:
 * @dir: a scan set folder
 * @paths: (out caller-allocates): per light, the image's path (free with g_free()) or %NULL
 * @error: return location for a #GError
 *
 * Returns: %FALSE with @error set when the folder cannot be read or is ambiguous (two images
 *   for one light); the paths found are then freed
 */
gboolean
di_scan_set_find (const char *dir,
                  char       *paths[DI_N_LIGHTS],
                  GError    **error)
{
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) local_error = NULL;
  g_autoptr (GDir) d = g_dir_open (dir, 0, &local_error);
  const char *name;

  for (DiLight light = 0; light < DI_N_LIGHTS; light++)
    paths[light] = NULL;
  if (d == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "cannot open the scan set: %s",
                   local_error->message);
      return FALSE;
    }
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (DiLight light = 0; light < DI_N_LIGHTS; light++)
    {
      const char *found = NULL;

      for (guint i = 0; i < names->len; i++)
        {
          const char *candidate = names->pdata[i];

          if (!is_scan_name (candidate, light))
            continue;
          if (found != NULL)
            {
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "the scan set %s holds more than one %s image: %s and %s", dir,
                           di_light_to_string (light), found, candidate);
              for (DiLight l = 0; l < DI_N_LIGHTS; l++)
                g_clear_pointer (&paths[l], g_free);
              return FALSE;
            }
          found = candidate;
        }
      if (found != NULL)
        paths[light] = g_build_filename (dir, found, NULL);
    }
  return TRUE;
}
