/* di-inspect.h — inspect a scan set against its reference template, give a verdict */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "di-mrz.h"
#include "di-ocr.h"
#include "di-template.h"
#include "di-types.h"

G_BEGIN_DECLS

typedef enum {
  DI_VERDICT_ACCEPT,
  DI_VERDICT_REVIEW,   /* a non-critical failure, a critical check not done, low confidence */
  DI_VERDICT_REJECT,   /* a critical failure */
} DiVerdict;

const char   *di_verdict_to_string       (DiVerdict     verdict);

typedef struct {
  char         *id;
  DiCheckStatus status;
  gboolean      critical;
  gboolean      has_light;
  DiLight       light;
  gboolean      has_region;
  DiRect        region;       /* mm on the page (the rectangle the score comes from) */
  gboolean      has_score;
  double        score;        /* a feature's measure; the OCR confidence of a visual-zone field */
  gboolean      has_threshold;   /* the score against the threshold decides the status */
  double        threshold;
  gboolean      at_most;      /* pass when score <= threshold */
  char         *diagnosis;    /* a short code: too_bright, missing, mismatch, not_measured… */
  char         *sentence;     /* one plain sentence for the officer */
  char         *crop;         /* the captured region (path), when crops were asked for */
  char         *reference_crop;
  char         *read;         /* a visual-zone field: the text read there, or NULL */
} DiInspectCheck;

/* The verdict policy (data/policy.ini): what a specimen and an expired document count as,
 * thresholds and criticality overriding the templates'. */
typedef struct _DiPolicy DiPolicy;

DiPolicy     *di_policy_load             (const char   *path,
                                          GError      **error);
void          di_policy_free             (DiPolicy     *policy);
char         *di_policy_default_path     (void);

typedef struct _DiInspector DiInspector;

/* Engines loaded once for many scan sets: the MRZ reader, the visual-zone reader, the
 * templates of `templates_dir` (NULL: di_template_default_dir()), the policy. */
DiInspector  *di_inspector_new           (const char   *templates_dir,
                                          const char   *policy_path,
                                          GError      **error);
void          di_inspector_free          (DiInspector  *self);

typedef struct {
  const char *name;           /* what the scan set is called in reports (its folder) */
  const char *images[DI_N_LIGHTS];   /* paths; NULL where the light is missing */
  /* the images, decoded already by di_ocr_load_rgb() (a viewer that shows them); NULL: the
   * inspection decodes the file */
  const DiRgb *decoded[DI_N_LIGHTS];
  const char *template;       /* an id or a folder; NULL: chosen from the MRZ */
  const char *crops_dir;      /* NULL: no crops */
  GDate       reference;      /* the day of the inspection (expiry); invalid: today */
} DiInspectRequest;

typedef struct _DiInspection DiInspection;

/* Inspects one scan set; %NULL with @error only when it cannot run (a missing or unreadable
 * white image, an unknown --template). */
DiInspection *di_inspector_inspect       (DiInspector            *self,
                                          const DiInspectRequest *request,
                                          GError                **error);
void          di_inspection_free         (DiInspection *self);

DiVerdict     di_inspection_get_verdict  (const DiInspection *self);
const char *const *di_inspection_get_reasons (const DiInspection *self);
const DiInspectCheck *di_inspection_get_checks (const DiInspection *self, guint *n);
const DiInspectCheck *di_inspection_find_check (const DiInspection *self, const char *id);
const DiOcrResult *di_inspection_get_mrz (const DiInspection *self);
const char   *di_inspection_get_name     (const DiInspection *self);
const char   *di_inspection_get_mrz_image (const DiInspection *self);
const char   *di_inspection_get_template_id (const DiInspection *self);
double        di_inspection_get_timing_ms (const DiInspection *self);
/* Where the page lies in the white scan: the homography, row-major, taking millimetres on
 * the template's page (x right, y down from its top-left corner) to pixels of the scan as
 * loaded (EXIF orientation applied). FALSE when the page was not registered. */
gboolean      di_inspection_get_page_transform (const DiInspection *self,
                                                double              mm_to_scan[9]);

JsonNode     *di_report_inspection_json  (const DiInspection *self);
char         *di_report_inspection_text  (const DiInspection *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiPolicy, di_policy_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiInspector, di_inspector_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiInspection, di_inspection_free)

G_END_DECLS
