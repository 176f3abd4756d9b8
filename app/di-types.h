/* di-types.h — small types shared across the application library */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The lights of a full-page reader */
typedef enum {
  DI_LIGHT_WHITE,
  DI_LIGHT_UV,     /* 365 nm */
  DI_LIGHT_IR,     /* ~870 nm, the ICAO B900 band */
  DI_N_LIGHTS
} DiLight;

/* The Utopia document kinds the specimen generator draws */
typedef enum {
  DI_DOC_PASSPORT,   /* TD3 data page, 125 × 88 mm */
  DI_DOC_ID_CARD,    /* TD1, 85.6 × 54 mm */
  DI_DOC_TD2_CARD,   /* TD2, 105 × 74 mm */
  DI_DOC_VISA_A,     /* MRV-A sticker, 120 × 80 mm */
  DI_DOC_VISA_B,     /* MRV-B sticker, 105 × 74 mm */
  DI_N_DOC_KINDS
} DiDocKind;

const char   *di_light_to_string         (DiLight      light);
gboolean      di_light_from_string       (const char  *text,
                                          DiLight     *out);
const char   *di_doc_kind_to_string      (DiDocKind    kind);
gboolean      di_doc_kind_from_string    (const char  *text,
                                          DiDocKind   *out);

G_END_DECLS
