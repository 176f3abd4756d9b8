/* di-template.h — reference templates of document types (format: templates/README.md) */
#pragma once

#include <glib.h>

#include "di-mrz.h"
#include "di-types.h"

G_BEGIN_DECLS

#define DI_TEMPLATE_ERROR (di_template_error_quark ())
GQuark        di_template_error_quark    (void);

typedef enum {
  DI_TEMPLATE_ERROR_NOT_FOUND,
  DI_TEMPLATE_ERROR_INVALID,    /* the folder is not a valid template: the message says why */
} DiTemplateError;

typedef struct {
  double x, y, w, h;    /* millimetres from the page's top-left corner */
} DiRect;

typedef enum {
  DI_METHOD_LUMINANCE,
  DI_METHOD_PATTERN,
  DI_METHOD_FIBRES,
  DI_METHOD_PRINT_CONTRAST,
  DI_METHOD_DROPOUT,
  DI_METHOD_VISIBLE,
  DI_METHOD_GHOST_MATCH,
  DI_N_METHODS
} DiMethod;

typedef struct {
  char     *name;          /* after "feature:" */
  char     *check;         /* check id */
  DiLight   light;
  GArray   *rects;         /* DiRect */
  DiMethod  method;
  double    threshold;
  gboolean  at_most;       /* compare=max: pass when score <= threshold */
  gboolean  critical;
  GArray   *colours;       /* guint32 0xRRGGBB; may be empty */
  DiRect    compare_with;  /* ghost_match only */
  char     *description;
} DiTemplateFeature;

typedef struct {
  DiMrzField field;
  DiRect     rect;
  char      *format;       /* dates: e.g. "DD MMM YYYY"; NULL otherwise */
} DiTemplateViz;

typedef struct _DiTemplate DiTemplate;

DiTemplate   *di_template_load           (const char        *dir,
                                          GError           **error);
DiTemplate   *di_template_ref            (DiTemplate        *self);
void          di_template_unref          (DiTemplate        *self);

const char   *di_template_get_id         (const DiTemplate  *self);
const char   *di_template_get_name       (const DiTemplate  *self);
const char   *di_template_get_dir        (const DiTemplate  *self);
const char   *di_template_get_issuing_state (const DiTemplate *self);
const char   *di_template_get_document_code (const DiTemplate *self);
DiMrzFormat   di_template_get_mrz_format (const DiTemplate  *self);
void          di_template_get_size_mm    (const DiTemplate  *self,
                                          double            *width,
                                          double            *height);
double        di_template_get_dpi        (const DiTemplate  *self);
gboolean      di_template_is_specimen    (const DiTemplate  *self);
/* the path of the reference image under a light */
char         *di_template_get_image_path (const DiTemplate  *self,
                                          DiLight            light);
gboolean      di_template_get_mrz_rect   (const DiTemplate  *self,
                                          DiRect            *out);
const DiTemplateFeature *di_template_get_features (const DiTemplate *self, guint *n);
const DiTemplateViz     *di_template_get_viz      (const DiTemplate *self, guint *n);
/* Whether the template covers an MRZ: same issuing state and format, code prefix. */
gboolean      di_template_matches        (const DiTemplate  *self,
                                          const DiMrz       *mrz);

const char   *di_method_to_string        (DiMethod           method);

/* All problems of a template folder, one sentence each; empty when it is valid. */
GPtrArray    *di_template_validate       (const char        *dir);

/* The folders of the templates shipped (or DOCINSPECT_TEMPLATES, a folder of templates). */
char         *di_template_default_dir    (void);
/* The templates of a folder, sorted by id; folders that fail to load are skipped. */
GPtrArray    *di_template_list           (const char        *templates_dir);

/* Builds a template folder from a genuine specimen's scan set and a layout file (a
 * template.ini without images): copies the three images as PNG at the layout's size and dpi,
 * writes template.ini, validates the result. */
gboolean      di_template_create         (const char        *scan_dir,
                                          const char        *layout_path,
                                          const char        *out_dir,
                                          GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiTemplate, di_template_unref)

G_END_DECLS
