/* di-mrz-countries.c — ICAO 9303-3 §5 country codes: ISO 3166-1 alpha-3 and ICAO's own
 *
 * Facts from ISO 3166-1 (2024) and ICAO Doc 9303-3 (8th edition) §5, listed for the MRZ.
 */
#define G_LOG_DOMAIN "di-mrz"

#include "config.h"

#include <string.h>

#include "di-mrz-private.h"

typedef struct {
  char        code[4];
  CountryKind kind;
  const char *name;
} Country;

/* ISO 3166-1 alpha-3 first: di_mrz_n_iso_countries() counts them. */
static const Country countries[] = {
  { "AFG", COUNTRY_CURRENT, "Afghanistan" },
  { "ALA", COUNTRY_CURRENT, "Åland Islands" },
  { "ALB", COUNTRY_CURRENT, "Albania" },
  { "DZA", COUNTRY_CURRENT, "Algeria" },
  { "ASM", COUNTRY_CURRENT, "American Samoa" },
  { "AND", COUNTRY_CURRENT, "Andorra" },
  { "AGO", COUNTRY_CURRENT, "Angola" },
  { "AIA", COUNTRY_CURRENT, "Anguilla" },
  { "ATA", COUNTRY_CURRENT, "Antarctica" },
  { "ATG", COUNTRY_CURRENT, "Antigua and Barbuda" },
  { "ARG", COUNTRY_CURRENT, "Argentina" },
  { "ARM", COUNTRY_CURRENT, "Armenia" },
  { "ABW", COUNTRY_CURRENT, "Aruba" },
  { "AUS", COUNTRY_CURRENT, "Australia" },
  { "AUT", COUNTRY_CURRENT, "Austria" },
  { "AZE", COUNTRY_CURRENT, "Azerbaijan" },
  { "BHS", COUNTRY_CURRENT, "Bahamas" },
  { "BHR", COUNTRY_CURRENT, "Bahrain" },
  { "BGD", COUNTRY_CURRENT, "Bangladesh" },
  { "BRB", COUNTRY_CURRENT, "Barbados" },
  { "BLR", COUNTRY_CURRENT, "Belarus" },
  { "BEL", COUNTRY_CURRENT, "Belgium" },
  { "BLZ", COUNTRY_CURRENT, "Belize" },
  { "BEN", COUNTRY_CURRENT, "Benin" },
  { "BMU", COUNTRY_CURRENT, "Bermuda" },
  { "BTN", COUNTRY_CURRENT, "Bhutan" },
  { "BOL", COUNTRY_CURRENT, "Bolivia" },
  { "BES", COUNTRY_CURRENT, "Bonaire, Sint Eustatius and Saba" },
  { "BIH", COUNTRY_CURRENT, "Bosnia and Herzegovina" },
  { "BWA", COUNTRY_CURRENT, "Botswana" },
  { "BVT", COUNTRY_CURRENT, "Bouvet Island" },
  { "BRA", COUNTRY_CURRENT, "Brazil" },
  { "IOT", COUNTRY_CURRENT, "British Indian Ocean Territory" },
  { "BRN", COUNTRY_CURRENT, "Brunei Darussalam" },
  { "BGR", COUNTRY_CURRENT, "Bulgaria" },
  { "BFA", COUNTRY_CURRENT, "Burkina Faso" },
  { "BDI", COUNTRY_CURRENT, "Burundi" },
  { "CPV", COUNTRY_CURRENT, "Cabo Verde" },
  { "KHM", COUNTRY_CURRENT, "Cambodia" },
  { "CMR", COUNTRY_CURRENT, "Cameroon" },
  { "CAN", COUNTRY_CURRENT, "Canada" },
  { "CYM", COUNTRY_CURRENT, "Cayman Islands" },
  { "CAF", COUNTRY_CURRENT, "Central African Republic" },
  { "TCD", COUNTRY_CURRENT, "Chad" },
  { "CHL", COUNTRY_CURRENT, "Chile" },
  { "CHN", COUNTRY_CURRENT, "China" },
  { "CXR", COUNTRY_CURRENT, "Christmas Island" },
  { "CCK", COUNTRY_CURRENT, "Cocos (Keeling) Islands" },
  { "COL", COUNTRY_CURRENT, "Colombia" },
  { "COM", COUNTRY_CURRENT, "Comoros" },
  { "COG", COUNTRY_CURRENT, "Congo" },
  { "COD", COUNTRY_CURRENT, "Congo, Democratic Republic of the" },
  { "COK", COUNTRY_CURRENT, "Cook Islands" },
  { "CRI", COUNTRY_CURRENT, "Costa Rica" },
  { "CIV", COUNTRY_CURRENT, "Côte d'Ivoire" },
  { "HRV", COUNTRY_CURRENT, "Croatia" },
  { "CUB", COUNTRY_CURRENT, "Cuba" },
  { "CUW", COUNTRY_CURRENT, "Curaçao" },
  { "CYP", COUNTRY_CURRENT, "Cyprus" },
  { "CZE", COUNTRY_CURRENT, "Czechia" },
  { "DNK", COUNTRY_CURRENT, "Denmark" },
  { "DJI", COUNTRY_CURRENT, "Djibouti" },
  { "DMA", COUNTRY_CURRENT, "Dominica" },
  { "DOM", COUNTRY_CURRENT, "Dominican Republic" },
  { "ECU", COUNTRY_CURRENT, "Ecuador" },
  { "EGY", COUNTRY_CURRENT, "Egypt" },
  { "SLV", COUNTRY_CURRENT, "El Salvador" },
  { "GNQ", COUNTRY_CURRENT, "Equatorial Guinea" },
  { "ERI", COUNTRY_CURRENT, "Eritrea" },
  { "EST", COUNTRY_CURRENT, "Estonia" },
  { "SWZ", COUNTRY_CURRENT, "Eswatini" },
  { "ETH", COUNTRY_CURRENT, "Ethiopia" },
  { "FLK", COUNTRY_CURRENT, "Falkland Islands (Malvinas)" },
  { "FRO", COUNTRY_CURRENT, "Faroe Islands" },
  { "FJI", COUNTRY_CURRENT, "Fiji" },
  { "FIN", COUNTRY_CURRENT, "Finland" },
  { "FRA", COUNTRY_CURRENT, "France" },
  { "GUF", COUNTRY_CURRENT, "French Guiana" },
  { "PYF", COUNTRY_CURRENT, "French Polynesia" },
  { "ATF", COUNTRY_CURRENT, "French Southern Territories" },
  { "GAB", COUNTRY_CURRENT, "Gabon" },
  { "GMB", COUNTRY_CURRENT, "Gambia" },
  { "GEO", COUNTRY_CURRENT, "Georgia" },
  { "DEU", COUNTRY_CURRENT, "Germany" },
  { "GHA", COUNTRY_CURRENT, "Ghana" },
  { "GIB", COUNTRY_CURRENT, "Gibraltar" },
  { "GRC", COUNTRY_CURRENT, "Greece" },
  { "GRL", COUNTRY_CURRENT, "Greenland" },
  { "GRD", COUNTRY_CURRENT, "Grenada" },
  { "GLP", COUNTRY_CURRENT, "Guadeloupe" },
  { "GUM", COUNTRY_CURRENT, "Guam" },
  { "GTM", COUNTRY_CURRENT, "Guatemala" },
  { "GGY", COUNTRY_CURRENT, "Guernsey" },
  { "GIN", COUNTRY_CURRENT, "Guinea" },
  { "GNB", COUNTRY_CURRENT, "Guinea-Bissau" },
  { "GUY", COUNTRY_CURRENT, "Guyana" },
  { "HTI", COUNTRY_CURRENT, "Haiti" },
  { "HMD", COUNTRY_CURRENT, "Heard Island and McDonald Islands" },
  { "VAT", COUNTRY_CURRENT, "Holy See" },
  { "HND", COUNTRY_CURRENT, "Honduras" },
  { "HKG", COUNTRY_CURRENT, "Hong Kong" },
  { "HUN", COUNTRY_CURRENT, "Hungary" },
  { "ISL", COUNTRY_CURRENT, "Iceland" },
  { "IND", COUNTRY_CURRENT, "India" },
  { "IDN", COUNTRY_CURRENT, "Indonesia" },
  { "IRN", COUNTRY_CURRENT, "Iran" },
  { "IRQ", COUNTRY_CURRENT, "Iraq" },
  { "IRL", COUNTRY_CURRENT, "Ireland" },
  { "IMN", COUNTRY_CURRENT, "Isle of Man" },
  { "ISR", COUNTRY_CURRENT, "Israel" },
  { "ITA", COUNTRY_CURRENT, "Italy" },
  { "JAM", COUNTRY_CURRENT, "Jamaica" },
  { "JPN", COUNTRY_CURRENT, "Japan" },
  { "JEY", COUNTRY_CURRENT, "Jersey" },
  { "JOR", COUNTRY_CURRENT, "Jordan" },
  { "KAZ", COUNTRY_CURRENT, "Kazakhstan" },
  { "KEN", COUNTRY_CURRENT, "Kenya" },
  { "KIR", COUNTRY_CURRENT, "Kiribati" },
  { "PRK", COUNTRY_CURRENT, "Korea, Democratic People's Republic of" },
  { "KOR", COUNTRY_CURRENT, "Korea, Republic of" },
  { "KWT", COUNTRY_CURRENT, "Kuwait" },
  { "KGZ", COUNTRY_CURRENT, "Kyrgyzstan" },
  { "LAO", COUNTRY_CURRENT, "Lao People's Democratic Republic" },
  { "LVA", COUNTRY_CURRENT, "Latvia" },
  { "LBN", COUNTRY_CURRENT, "Lebanon" },
  { "LSO", COUNTRY_CURRENT, "Lesotho" },
  { "LBR", COUNTRY_CURRENT, "Liberia" },
  { "LBY", COUNTRY_CURRENT, "Libya" },
  { "LIE", COUNTRY_CURRENT, "Liechtenstein" },
  { "LTU", COUNTRY_CURRENT, "Lithuania" },
  { "LUX", COUNTRY_CURRENT, "Luxembourg" },
  { "MAC", COUNTRY_CURRENT, "Macao" },
  { "MDG", COUNTRY_CURRENT, "Madagascar" },
  { "MWI", COUNTRY_CURRENT, "Malawi" },
  { "MYS", COUNTRY_CURRENT, "Malaysia" },
  { "MDV", COUNTRY_CURRENT, "Maldives" },
  { "MLI", COUNTRY_CURRENT, "Mali" },
  { "MLT", COUNTRY_CURRENT, "Malta" },
  { "MHL", COUNTRY_CURRENT, "Marshall Islands" },
  { "MTQ", COUNTRY_CURRENT, "Martinique" },
  { "MRT", COUNTRY_CURRENT, "Mauritania" },
  { "MUS", COUNTRY_CURRENT, "Mauritius" },
  { "MYT", COUNTRY_CURRENT, "Mayotte" },
  { "MEX", COUNTRY_CURRENT, "Mexico" },
  { "FSM", COUNTRY_CURRENT, "Micronesia" },
  { "MDA", COUNTRY_CURRENT, "Moldova" },
  { "MCO", COUNTRY_CURRENT, "Monaco" },
  { "MNG", COUNTRY_CURRENT, "Mongolia" },
  { "MNE", COUNTRY_CURRENT, "Montenegro" },
  { "MSR", COUNTRY_CURRENT, "Montserrat" },
  { "MAR", COUNTRY_CURRENT, "Morocco" },
  { "MOZ", COUNTRY_CURRENT, "Mozambique" },
  { "MMR", COUNTRY_CURRENT, "Myanmar" },
  { "NAM", COUNTRY_CURRENT, "Namibia" },
  { "NRU", COUNTRY_CURRENT, "Nauru" },
  { "NPL", COUNTRY_CURRENT, "Nepal" },
  { "NLD", COUNTRY_CURRENT, "Netherlands" },
  { "NCL", COUNTRY_CURRENT, "New Caledonia" },
  { "NZL", COUNTRY_CURRENT, "New Zealand" },
  { "NIC", COUNTRY_CURRENT, "Nicaragua" },
  { "NER", COUNTRY_CURRENT, "Niger" },
  { "NGA", COUNTRY_CURRENT, "Nigeria" },
  { "NIU", COUNTRY_CURRENT, "Niue" },
  { "NFK", COUNTRY_CURRENT, "Norfolk Island" },
  { "MKD", COUNTRY_CURRENT, "North Macedonia" },
  { "MNP", COUNTRY_CURRENT, "Northern Mariana Islands" },
  { "NOR", COUNTRY_CURRENT, "Norway" },
  { "OMN", COUNTRY_CURRENT, "Oman" },
  { "PAK", COUNTRY_CURRENT, "Pakistan" },
  { "PLW", COUNTRY_CURRENT, "Palau" },
  { "PSE", COUNTRY_CURRENT, "Palestine, State of" },
  { "PAN", COUNTRY_CURRENT, "Panama" },
  { "PNG", COUNTRY_CURRENT, "Papua New Guinea" },
  { "PRY", COUNTRY_CURRENT, "Paraguay" },
  { "PER", COUNTRY_CURRENT, "Peru" },
  { "PHL", COUNTRY_CURRENT, "Philippines" },
  { "PCN", COUNTRY_CURRENT, "Pitcairn" },
  { "POL", COUNTRY_CURRENT, "Poland" },
  { "PRT", COUNTRY_CURRENT, "Portugal" },
  { "PRI", COUNTRY_CURRENT, "Puerto Rico" },
  { "QAT", COUNTRY_CURRENT, "Qatar" },
  { "REU", COUNTRY_CURRENT, "Réunion" },
  { "ROU", COUNTRY_CURRENT, "Romania" },
  { "RUS", COUNTRY_CURRENT, "Russian Federation" },
  { "RWA", COUNTRY_CURRENT, "Rwanda" },
  { "BLM", COUNTRY_CURRENT, "Saint Barthélemy" },
  { "SHN", COUNTRY_CURRENT, "Saint Helena, Ascension and Tristan da Cunha" },
  { "KNA", COUNTRY_CURRENT, "Saint Kitts and Nevis" },
  { "LCA", COUNTRY_CURRENT, "Saint Lucia" },
  { "MAF", COUNTRY_CURRENT, "Saint Martin (French part)" },
  { "SPM", COUNTRY_CURRENT, "Saint Pierre and Miquelon" },
  { "VCT", COUNTRY_CURRENT, "Saint Vincent and the Grenadines" },
  { "WSM", COUNTRY_CURRENT, "Samoa" },
  { "SMR", COUNTRY_CURRENT, "San Marino" },
  { "STP", COUNTRY_CURRENT, "Sao Tome and Principe" },
  { "SAU", COUNTRY_CURRENT, "Saudi Arabia" },
  { "SEN", COUNTRY_CURRENT, "Senegal" },
  { "SRB", COUNTRY_CURRENT, "Serbia" },
  { "SYC", COUNTRY_CURRENT, "Seychelles" },
  { "SLE", COUNTRY_CURRENT, "Sierra Leone" },
  { "SGP", COUNTRY_CURRENT, "Singapore" },
  { "SXM", COUNTRY_CURRENT, "Sint Maarten (Dutch part)" },
  { "SVK", COUNTRY_CURRENT, "Slovakia" },
  { "SVN", COUNTRY_CURRENT, "Slovenia" },
  { "SLB", COUNTRY_CURRENT, "Solomon Islands" },
  { "SOM", COUNTRY_CURRENT, "Somalia" },
  { "ZAF", COUNTRY_CURRENT, "South Africa" },
  { "SGS", COUNTRY_CURRENT, "South Georgia and the South Sandwich Islands" },
  { "SSD", COUNTRY_CURRENT, "South Sudan" },
  { "ESP", COUNTRY_CURRENT, "Spain" },
  { "LKA", COUNTRY_CURRENT, "Sri Lanka" },
  { "SDN", COUNTRY_CURRENT, "Sudan" },
  { "SUR", COUNTRY_CURRENT, "Suriname" },
  { "SJM", COUNTRY_CURRENT, "Svalbard and Jan Mayen" },
  { "SWE", COUNTRY_CURRENT, "Sweden" },
  { "CHE", COUNTRY_CURRENT, "Switzerland" },
  { "SYR", COUNTRY_CURRENT, "Syrian Arab Republic" },
  { "TWN", COUNTRY_CURRENT, "Taiwan" },
  { "TJK", COUNTRY_CURRENT, "Tajikistan" },
  { "TZA", COUNTRY_CURRENT, "Tanzania" },
  { "THA", COUNTRY_CURRENT, "Thailand" },
  { "TLS", COUNTRY_CURRENT, "Timor-Leste" },
  { "TGO", COUNTRY_CURRENT, "Togo" },
  { "TKL", COUNTRY_CURRENT, "Tokelau" },
  { "TON", COUNTRY_CURRENT, "Tonga" },
  { "TTO", COUNTRY_CURRENT, "Trinidad and Tobago" },
  { "TUN", COUNTRY_CURRENT, "Tunisia" },
  { "TUR", COUNTRY_CURRENT, "Türkiye" },
  { "TKM", COUNTRY_CURRENT, "Turkmenistan" },
  { "TCA", COUNTRY_CURRENT, "Turks and Caicos Islands" },
  { "TUV", COUNTRY_CURRENT, "Tuvalu" },
  { "UGA", COUNTRY_CURRENT, "Uganda" },
  { "UKR", COUNTRY_CURRENT, "Ukraine" },
  { "ARE", COUNTRY_CURRENT, "United Arab Emirates" },
  { "GBR", COUNTRY_CURRENT, "United Kingdom" },
  { "USA", COUNTRY_CURRENT, "United States of America" },
  { "UMI", COUNTRY_CURRENT, "United States Minor Outlying Islands" },
  { "URY", COUNTRY_CURRENT, "Uruguay" },
  { "UZB", COUNTRY_CURRENT, "Uzbekistan" },
  { "VUT", COUNTRY_CURRENT, "Vanuatu" },
  { "VEN", COUNTRY_CURRENT, "Venezuela" },
  { "VNM", COUNTRY_CURRENT, "Viet Nam" },
  { "VGB", COUNTRY_CURRENT, "Virgin Islands (British)" },
  { "VIR", COUNTRY_CURRENT, "Virgin Islands (U.S.)" },
  { "WLF", COUNTRY_CURRENT, "Wallis and Futuna" },
  { "ESH", COUNTRY_CURRENT, "Western Sahara" },
  { "YEM", COUNTRY_CURRENT, "Yemen" },
  { "ZMB", COUNTRY_CURRENT, "Zambia" },
  { "ZWE", COUNTRY_CURRENT, "Zimbabwe" },
  /* ICAO 9303-3 §5 codes outside ISO 3166-1 */
  { "D<<", COUNTRY_CURRENT, "Germany" },
  { "GBD", COUNTRY_CURRENT, "British Overseas Territories Citizen" },
  { "GBN", COUNTRY_CURRENT, "British National (Overseas)" },
  { "GBO", COUNTRY_CURRENT, "British Overseas Citizen" },
  { "GBP", COUNTRY_CURRENT, "British Protected Person" },
  { "GBS", COUNTRY_CURRENT, "British Subject" },
  { "RKS", COUNTRY_CURRENT, "Kosovo" },
  { "EUE", COUNTRY_CURRENT, "European Union" },
  { "UNO", COUNTRY_CURRENT, "United Nations Organization" },
  { "UNA", COUNTRY_CURRENT, "United Nations specialized agency" },
  { "UNK", COUNTRY_CURRENT, "Resident of Kosovo (UNMIK travel document)" },
  { "XBA", COUNTRY_CURRENT, "African Development Bank" },
  { "XIM", COUNTRY_CURRENT, "African Export-Import Bank" },
  { "XCC", COUNTRY_CURRENT, "Caribbean Community" },
  { "XCE", COUNTRY_CURRENT, "Council of Europe" },
  { "XCO", COUNTRY_CURRENT, "Common Market for Eastern and Southern Africa" },
  { "XEC", COUNTRY_CURRENT, "Economic Community of West African States" },
  { "XPO", COUNTRY_CURRENT, "INTERPOL" },
  { "XES", COUNTRY_CURRENT, "Organisation of Eastern Caribbean States" },
  { "XMP", COUNTRY_CURRENT, "Parliamentary Assembly of the Mediterranean" },
  { "XOM", COUNTRY_CURRENT, "Sovereign Military Order of Malta" },
  { "XDC", COUNTRY_CURRENT, "Southern African Development Community" },
  { "XXA", COUNTRY_CURRENT, "Stateless person" },
  { "XXB", COUNTRY_CURRENT, "Refugee (1951 Convention)" },
  { "XXC", COUNTRY_CURRENT, "Refugee (other)" },
  { "XXX", COUNTRY_CURRENT, "Unspecified nationality" },
  /* withdrawn codes still found on older documents */
  { "ANT", COUNTRY_FORMER, "Netherlands Antilles" },
  { "BUR", COUNTRY_FORMER, "Burma" },
  { "CSK", COUNTRY_FORMER, "Czechoslovakia" },
  { "DDR", COUNTRY_FORMER, "German Democratic Republic" },
  { "NTZ", COUNTRY_FORMER, "Neutral Zone" },
  { "ROM", COUNTRY_FORMER, "Romania" },
  { "SCG", COUNTRY_FORMER, "Serbia and Montenegro" },
  { "SUN", COUNTRY_FORMER, "USSR" },
  { "TMP", COUNTRY_FORMER, "East Timor" },
  { "YUG", COUNTRY_FORMER, "Yugoslavia" },
  { "ZAR", COUNTRY_FORMER, "Zaire" },
  /* the ICAO specimen state */
  { "UTO", COUNTRY_SPECIMEN, "Utopia" },
};

#define N_ISO_COUNTRIES 249

guint
di_mrz_n_iso_countries (void)
{
  return N_ISO_COUNTRIES;
}

/* `code3` is three MRZ characters, fillers included ("D<<"). */
CountryKind
di_mrz_country_lookup (const char  *code3,
                       const char **name)
{
  for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
    {
      if (memcmp (countries[i].code, code3, 3) != 0)
        continue;
      if (name != NULL)
        *name = countries[i].name;
      return countries[i].kind;
    }
  if (name != NULL)
    *name = NULL;
  return COUNTRY_UNKNOWN;
}

/**
 * di_mrz_country_name:
 * @code: a country code as printed in the MRZ: three characters, fillers included
 *
 * Returns: the English name of a code of ICAO 9303-3 §5, or %NULL for an unknown code
 */
const char *
di_mrz_country_name (const char *code)
{
  const char *name;

  g_return_val_if_fail (code != NULL, NULL);

  if (strlen (code) < 3)
    {
      char padded[4] = "<<<";

      memcpy (padded, code, strlen (code));
      di_mrz_country_lookup (padded, &name);
      return name;
    }
  di_mrz_country_lookup (code, &name);
  return name;
}
