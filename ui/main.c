/* main.c — docinspect-gui: the desktop application */
#include "config.h"

#include "di-ui.h"

int
main (int    argc,
      char **argv)
{
  return di_application_main (argc, argv);
}
