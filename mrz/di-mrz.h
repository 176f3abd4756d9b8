/* di-mrz.h — ICAO Doc 9303 Machine Readable Zones: parse, validate, repair, build
 *
 * The library knows nothing of images: it works on MRZ text (one string per line) and,
 * for OCR repair, on per-position candidate characters with confidences.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  DI_MRZ_FORMAT_UNKNOWN,
  DI_MRZ_FORMAT_TD1,     /* 3 × 30, ID cards */
  DI_MRZ_FORMAT_TD2,     /* 2 × 36, ID cards and travel documents */
  DI_MRZ_FORMAT_TD3,     /* 2 × 44, passports */
  DI_MRZ_FORMAT_MRVA,    /* 2 × 44, visas */
  DI_MRZ_FORMAT_MRVB,    /* 2 × 36, visas */
  DI_MRZ_FORMAT_FRA_ID,  /* 2 × 36, French national identity card issued before 2021 */
} DiMrzFormat;

typedef enum {
  DI_CHECK_PASS,
  DI_CHECK_FAIL,
  DI_CHECK_NOT_DONE,
} DiCheckStatus;

typedef enum {
  DI_MRZ_FIELD_DOCUMENT_CODE,
  DI_MRZ_FIELD_ISSUING_STATE,
  DI_MRZ_FIELD_SURNAME,
  DI_MRZ_FIELD_GIVEN_NAMES,
  DI_MRZ_FIELD_DOCUMENT_NUMBER,
  DI_MRZ_FIELD_NATIONALITY,
  DI_MRZ_FIELD_BIRTH_DATE,       /* ISO 8601, reduced precision when parts are unknown */
  DI_MRZ_FIELD_SEX,              /* "M", "F" or "X" (unspecified) */
  DI_MRZ_FIELD_EXPIRY_DATE,      /* ISO 8601 */
  DI_MRZ_FIELD_OPTIONAL_DATA,
  DI_MRZ_FIELD_OPTIONAL_DATA_2,
  DI_MRZ_FIELD_BIRTH_DATE_RAW,   /* YYMMDD as printed */
  DI_MRZ_FIELD_EXPIRY_DATE_RAW,
  DI_MRZ_N_FIELDS
} DiMrzField;

#define DI_MRZ_MAX_LINES 3
#define DI_MRZ_MAX_LINE_LENGTH 44
#define DI_MRZ_MAX_RANGES 5

/* Characters of one line, 0-based, end exclusive. */
typedef struct {
  guint8 line;
  guint8 start;
  guint8 end;
} DiMrzRange;

typedef struct {
  const char   *id;        /* e.g. "mrz.check_digit.birth_date" */
  DiCheckStatus status;
  const char   *field;     /* JSON field name the check is about, or NULL */
  DiMrzRange    ranges[DI_MRZ_MAX_RANGES];
  guint         n_ranges;
  char         *message;   /* one plain sentence */
} DiMrzCheck;

/* Something the officer should know that does not make the MRZ invalid. */
typedef struct {
  const char *id;          /* e.g. "mrz.warning.name_truncated" */
  DiMrzRange  range;
  char       *message;
} DiMrzWarning;

typedef struct {
  guint8 line;
  guint8 column;
  char   from;
  char   to;
} DiMrzRepair;

/* A position whose character the check digits cannot confirm: an alternative that
 * the reader also saw would leave every check as it is. */
typedef struct {
  guint8 line;
  guint8 column;
  char   read;
  char   alternative;
} DiMrzUncertain;

typedef struct _DiMrz DiMrz;

DiMrz        *di_mrz_parse               (const char *const *lines,
                                          guint              n_lines,
                                          const GDate       *reference);
DiMrz        *di_mrz_parse_text          (const char        *text,
                                          const GDate       *reference);
DiMrz        *di_mrz_ref                 (DiMrz             *self);
void          di_mrz_unref               (DiMrz             *self);

DiMrzFormat   di_mrz_get_format          (const DiMrz       *self);
gboolean      di_mrz_is_valid            (const DiMrz       *self);
gboolean      di_mrz_is_specimen         (const DiMrz       *self);
guint         di_mrz_get_n_lines         (const DiMrz       *self);
const char   *di_mrz_get_line            (const DiMrz       *self,
                                          guint              line);
const char   *di_mrz_get_field           (const DiMrz       *self,
                                          DiMrzField         field);
gboolean      di_mrz_field_is_protected  (const DiMrz       *self,
                                          DiMrzField         field);
gboolean      di_mrz_get_date            (const DiMrz       *self,
                                          DiMrzField         field,
                                          GDate             *out);
const DiMrzCheck     *di_mrz_get_checks     (const DiMrz *self, guint *n_checks);
const DiMrzCheck     *di_mrz_find_check     (const DiMrz *self, const char *id);
const DiMrzWarning   *di_mrz_get_warnings   (const DiMrz *self, guint *n_warnings);
const DiMrzRepair    *di_mrz_get_repairs    (const DiMrz *self, guint *n_repairs);
const DiMrzUncertain *di_mrz_get_uncertain  (const DiMrz *self, guint *n_uncertain);
double        di_mrz_get_confidence      (const DiMrz       *self);
double        di_mrz_get_weakest_unprotected (const DiMrz   *self);

const char   *di_mrz_format_to_string    (DiMrzFormat        format);
const char   *di_mrz_format_describe     (DiMrzFormat        format);
const char   *di_mrz_field_to_string     (DiMrzField         field);
const char   *di_check_status_to_string  (DiCheckStatus      status);

/* Check digits (ICAO 9303-3 §4.9) */
int           di_mrz_char_value          (char               c);
int           di_mrz_check_digit         (const char        *data,
                                          gssize             length);

/* Country codes (ICAO 9303-3 §5): the English name, or NULL for an unknown code.
 * `code` is three characters as printed in the MRZ, fillers included ("D<<"). */
const char   *di_mrz_country_name        (const char        *code);

/* OCR repair: per position, the characters the reader saw, best first. */
typedef struct _DiMrzCandidates DiMrzCandidates;

DiMrzCandidates *di_mrz_candidates_new   (guint              n_lines,
                                          guint              line_length);
void          di_mrz_candidates_free     (DiMrzCandidates   *self);
void          di_mrz_candidates_add      (DiMrzCandidates   *self,
                                          guint              line,
                                          guint              column,
                                          char               c,
                                          float              confidence);
DiMrzCandidates *di_mrz_candidates_new_from_text (const char *const *lines,
                                                  guint              n_lines);
void          di_mrz_candidates_set_required_confidence (DiMrzCandidates *self,
                                                         double           posterior,
                                                         double           unprotected);
DiMrz        *di_mrz_repair              (const DiMrzCandidates *candidates,
                                          const GDate           *reference);

/* Building an MRZ from data (for specimens and exercises). Names are given as printed in
 * the visual zone; they are transliterated to the MRZ character set. Dates are YYMMDD. */
typedef struct {
  DiMrzFormat format;
  const char *document_code;
  const char *issuing_state;
  const char *surname;
  const char *given_names;
  const char *document_number;
  const char *nationality;
  const char *birth_date;
  const char *sex;             /* "M", "F", "X" or "<" */
  const char *expiry_date;
  const char *optional_data;
  const char *optional_data_2;
} DiMrzData;

#define DI_MRZ_ERROR (di_mrz_error_quark ())
GQuark        di_mrz_error_quark         (void);

typedef enum {
  DI_MRZ_ERROR_FIELD_TOO_LONG,
  DI_MRZ_ERROR_BAD_CHARACTER,
  DI_MRZ_ERROR_BAD_FORMAT,
} DiMrzError;

char        **di_mrz_build               (const DiMrzData   *data,
                                          GError           **error) G_GNUC_WARN_UNUSED_RESULT;
char         *di_mrz_transliterate_name  (const char        *name) G_GNUC_MALLOC;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiMrz, di_mrz_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DiMrzCandidates, di_mrz_candidates_free)

G_END_DECLS
