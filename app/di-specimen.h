/* di-specimen.h — synthetic documents of Utopia (UTO), genuine and forged
 *
 * A specimen is one document: its holder's made-up data, the forgeries applied to it, and
 * how it looks under each light of a full-page reader. Everything is drawn from a seed.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "di-mrz.h"
#include "di-types.h"

G_BEGIN_DECLS

/* The forgeries the generator can apply, each a flag. */
typedef enum {
  DI_FORGERY_MRZ_CHECK_DIGIT     = 1 << 0,   /* MRZ data altered, check digit left wrong */
  DI_FORGERY_MRZ_RECOMPUTED      = 1 << 1,   /* MRZ data altered, check digits recomputed */
  DI_FORGERY_VIZ_ALTERED         = 1 << 2,   /* visual zone altered, MRZ left */
  DI_FORGERY_PHOTO_SUBSTITUTED   = 1 << 3,   /* other face, UV emblem cut, cut edges */
  DI_FORGERY_COUNTERFEIT_PAPER   = 1 << 4,   /* office paper: UV-bright, no fibres, emblem */
  DI_FORGERY_MRZ_IR_INK          = 1 << 5,   /* MRZ reprinted in ink clear in B900 */
  DI_FORGERY_EXPIRED             = 1 << 6,   /* the document has expired */
} DiForgery;

#define DI_N_FORGERIES 7
#define DI_FORGERY_ALL ((1u << DI_N_FORGERIES) - 1)

const char   *di_forgery_to_string       (DiForgery     forgery);
gboolean      di_forgery_from_string     (const char   *text,
                                          DiForgery    *out);
/* The ICAO 9303 threat class a forgery belongs to: counterfeit, photo_substitution,
 * data_alteration, or invalid_document (expired). */
const char   *di_forgery_threat_class    (DiForgery     forgery);

typedef struct _DiSpecimen DiSpecimen;

/* A genuine document with a made-up holder, issued before `today` and valid on it. */
DiSpecimen   *di_specimen_new            (DiDocKind     kind,
                                          guint64       seed,
                                          const GDate  *today);
DiSpecimen   *di_specimen_ref            (DiSpecimen   *self);
void          di_specimen_unref          (DiSpecimen   *self);

/* Applies forgeries (flags); their details (which field, which digit) come from the seed. */
void          di_specimen_forge          (DiSpecimen   *self,
                                          guint         forgeries);

DiDocKind     di_specimen_get_kind       (const DiSpecimen *self);
guint         di_specimen_get_forgeries  (const DiSpecimen *self);
void          di_specimen_get_size_mm    (const DiSpecimen *self,
                                          double           *width,
                                          double           *height);
/* Prints other MRZ lines, of the document's shape (training data for the MRZ reader). */
void          di_specimen_print_mrz      (DiSpecimen       *self,
                                          const char *const *lines);
/* The MRZ lines as printed on the document (after any forgery), NULL-terminated */
const char *const *di_specimen_get_mrz   (const DiSpecimen *self);
/* What the visual zone prints for an MRZ field (dates as DD MMM YYYY), or NULL */
const char   *di_specimen_get_viz        (const DiSpecimen *self,
                                          DiMrzField        field);
/* The check ids that an inspection must fail on this document (empty when genuine) */
const char *const *di_specimen_get_must_fail (const DiSpecimen *self);
/* One sentence per change a forgery made, for the answer key */
const char *const *di_specimen_get_changes   (const DiSpecimen *self);

/* The page under a light at `dpi` (page only, no capture effects), CAIRO_FORMAT_RGB24. */
cairo_surface_t *di_specimen_render      (const DiSpecimen *self,
                                          DiLight           light,
                                          double            dpi);

/* The layout of a kind as a template description (templates/README.md, without images):
 * where the fields, the MRZ and every security feature are, with thresholds. */
GKeyFile     *di_specimen_layout         (DiDocKind         kind,
                                          double            dpi);
const char   *di_specimen_template_id    (DiDocKind         kind);

/* Checks that the fonts the documents need resolve to the right files (OCR-B for the MRZ). */
gboolean      di_specimen_check_fonts    (GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiSpecimen, di_specimen_unref)

G_END_DECLS
