/* di-exercise.h — forged-document exercises: generate a set with its answer key, score a
 * trainee's answers against the key */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "di-image.h"
#include "di-specimen.h"

G_BEGIN_DECLS

typedef struct {
  guint          count;             /* documents */
  guint64        seed;
  double         forgery_rate;      /* share of forged documents, 0–1 */
  double         combination_rate;  /* share of forged documents with a second forgery */
  guint          kinds;             /* bit per DiDocKind */
  guint          forgeries;         /* DiForgery flags the mix draws from */
  DiCaptureLevel capture;
  double         dpi;
  GDate          today;             /* documents are valid (or expired) relative to it */
  guint          jobs;              /* worker threads; 0: one per processor */
} DiExerciseOptions;

void          di_exercise_options_init   (DiExerciseOptions *options);

typedef void (*DiExerciseProgress) (guint done, guint total, gpointer user_data);

/* Writes one folder per document (white, uv, ir images) and answers.json into `out_dir`,
 * which must not exist or be empty. The same options give the same files, byte for byte. */
gboolean      di_exercise_generate       (const DiExerciseOptions *options,
                                          const char              *out_dir,
                                          DiExerciseProgress       progress,
                                          gpointer                 user_data,
                                          GError                 **error);

/* Renders one specimen into `out_dir` (created): white, uv, ir, and with `layout` the
 * kind's layout.ini for `docinspect templates create`. */
gboolean      di_exercise_render_one     (DiDocKind          kind,
                                          guint64            seed,
                                          guint              forgeries,
                                          DiCaptureLevel     capture,
                                          double             dpi,
                                          const GDate       *today,
                                          gboolean           layout,
                                          const char        *out_dir,
                                          GError           **error);

/* Scores answers (see README) against a key; the report as JSON. */
JsonNode     *di_exercise_score          (const char        *key_path,
                                          const char        *answers_path,
                                          GError           **error);
char         *di_exercise_score_text     (JsonNode          *report);

G_END_DECLS
