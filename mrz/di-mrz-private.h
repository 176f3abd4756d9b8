/* di-mrz-private.h — layouts and the validation core shared by parse, repair and build */
#pragma once

#include "di-mrz.h"

G_BEGIN_DECLS

/* What a run of positions holds. */
typedef enum {
  SPAN_DOCUMENT_CODE,
  SPAN_ISSUING_STATE,
  SPAN_NAME,              /* primary<<secondary */
  SPAN_SURNAME,           /* French ID line 1 */
  SPAN_GIVEN_NAMES,       /* French ID line 2 */
  SPAN_DOCUMENT_NUMBER,
  SPAN_DOCUMENT_NUMBER_CD,
  SPAN_NATIONALITY,
  SPAN_BIRTH_DATE,
  SPAN_BIRTH_DATE_CD,
  SPAN_SEX,
  SPAN_EXPIRY_DATE,
  SPAN_EXPIRY_DATE_CD,
  SPAN_OPTIONAL,
  SPAN_OPTIONAL_CD,       /* TD3 personal number */
  SPAN_OPTIONAL_2,        /* TD1 line 2 */
  SPAN_COMPOSITE_CD,
  N_SPAN_KINDS
} SpanKind;

typedef struct {
  SpanKind kind;
  guint8   line;
  guint8   start;
  guint8   length;
} Span;

#define MAX_SPANS 16
#define MAX_COMPOSITE_RANGES 4

typedef struct {
  DiMrzFormat format;
  guint8      n_lines;
  guint8      line_length;
  Span        spans[MAX_SPANS];
  guint8      n_spans;
  DiMrzRange  composite[MAX_COMPOSITE_RANGES];
  guint8      n_composite;
  /* TD1/TD2: a document number longer than nine characters continues in the optional data. */
  gboolean    long_document_number;
} Layout;

/* Allowed characters of a position, as a bit set over the 37 MRZ characters. */
typedef guint64 CharSet;

#define CS_DIGITS  ((CharSet) 0x3ff)                         /* 0-9   */
#define CS_LETTERS (((CharSet) 0x3ffffff) << 10)             /* A-Z   */
#define CS_FILLER  (((CharSet) 1) << 36)                     /* <     */
#define CS_ANY     (CS_DIGITS | CS_LETTERS | CS_FILLER)

/* The MRZ text being judged: n_lines × line_length characters, NUL-terminated lines. */
typedef struct {
  char c[DI_MRZ_MAX_LINES][DI_MRZ_MAX_LINE_LENGTH + 1];
} Grid;

/* Collects checks and warnings; validation with a NULL report only answers pass/fail. */
typedef struct {
  GArray *checks;    /* DiMrzCheck */
  GArray *warnings;  /* DiMrzWarning */
} Report;

typedef gboolean (*CheckFunc) (const Layout *layout,
                               const Grid   *grid,
                               const GDate  *reference,
                               Report       *report);

/* di-mrz-layout.c */
const Layout *di_mrz_layout_get          (DiMrzFormat   format);
const Span   *di_mrz_layout_find_span    (const Layout *layout,
                                          SpanKind      kind);
CharSet       di_mrz_layout_charset      (const Layout *layout,
                                          guint         line,
                                          guint         column);
int           di_mrz_layout_composite_weight (const Layout *layout,
                                              guint         line,
                                              guint         column);
gboolean      di_mrz_layout_protected    (const Layout *layout,
                                          guint         line,
                                          guint         column);
int           di_mrz_char_index          (char          c);

/* di-mrz.c: the checks, grouped by the positions they read */
typedef struct {
  SpanKind  spans[4];      /* the positions of the group; N_SPAN_KINDS ends the list */
  CheckFunc checks[2];     /* NULL ends the list */
  gboolean  per_position;  /* the checks only restrict each character on its own */
} CheckGroup;

const CheckGroup *di_mrz_check_groups    (const Layout *layout,
                                          guint        *n_groups);
int           di_mrz_composite_expected  (const Layout *layout,
                                          const Grid   *grid);
gboolean      di_mrz_check_composite     (const Layout *layout,
                                          const Grid   *grid,
                                          const GDate  *reference,
                                          Report       *report);
gboolean      di_mrz_grid_is_valid       (const Layout *layout,
                                          const Grid   *grid,
                                          const GDate  *reference);
DiMrz        *di_mrz_new_from_grid       (const Layout *layout,
                                          const Grid   *grid,
                                          const GDate  *reference);
/* The format ICAO's rule gives text of this shape by its first characters (V: a visa;
 * "IDFRA" on 2×36: the French card, which parsing still checks against TD2) */
DiMrzFormat   di_mrz_grid_format         (const Grid   *grid,
                                          guint         n_lines,
                                          guint         length);
void          di_mrz_set_repair_result   (DiMrz          *self,
                                          GArray         *repairs,
                                          GArray         *uncertain,
                                          double          confidence,
                                          double          weakest_unprotected);
void          di_mrz_add_failed_check    (DiMrz            *self,
                                          const char       *id,
                                          const DiMrzRange *ranges,
                                          guint             n_ranges,
                                          const char       *message);

/* di-mrz-countries.c */
typedef enum {
  COUNTRY_UNKNOWN,
  COUNTRY_CURRENT,
  COUNTRY_FORMER,     /* withdrawn code still found on documents */
  COUNTRY_SPECIMEN,   /* UTO */
} CountryKind;

CountryKind   di_mrz_country_lookup      (const char   *code3,
                                          const char  **name);
guint         di_mrz_n_iso_countries     (void);

G_END_DECLS
