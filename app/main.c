/* main.c — the `docinspect` command line */
#include "config.h"

#include "di-app.h"

int
main (int    argc,
      char **argv)
{
  return di_cli_main (argc, argv);
}
