/* TEMPORARY stub until feat-image lands */
#include "config.h"
#include <string.h>
#include "di-image.h"
G_DEFINE_QUARK (di-image-error-quark, di_image_error)
gboolean di_image_save_png (cairo_surface_t *s, const char *path, GError **error)
{ if (cairo_surface_write_to_png (s, path) != CAIRO_STATUS_SUCCESS) { g_set_error (error, DI_IMAGE_ERROR, DI_IMAGE_ERROR_WRITE, "x"); return FALSE; } return TRUE; }
gboolean di_image_save_jpeg (cairo_surface_t *s, const char *path, int q, GError **error) { return di_image_save_png (s, path, error); }
cairo_surface_t *di_image_load (const char *path, GError **error) { return cairo_image_surface_create_from_png (path); }
gboolean di_capture_level_from_string (const char *t, DiCaptureLevel *o) { *o = 0; return TRUE; }
const char *di_capture_level_to_string (DiCaptureLevel l) { return "none"; }
void di_capture_random (DiCapture *c, DiCaptureLevel l, GRand *r) { memset (c, 0, sizeof *c); }
cairo_surface_t *di_capture_apply (cairo_surface_t *p, double dpi, const DiCapture *c, DiLight l, guint32 s) { return cairo_surface_reference (p); }
