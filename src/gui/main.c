/* main.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "hb-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(HbApplication) app = NULL;
  /* Tests and build-aux/run point it at the build tree's catalogues. */
  const char *localedir = g_getenv ("HB_LOCALEDIR");

  if (localedir == NULL || *localedir == '\0')
    localedir = HB_LOCALEDIR;
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = hb_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
