/* hb-cli-export.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "hb-cli.h"

static const char export_examples[] =
  "--c writes a GTest program that performs the same steps through the libhassbench API\n"
  "and asserts the same expectations; it builds with\n"
  "  cc test.c $(pkg-config --cflags --libs hassbench-1)\n"
  "--scenario writes the scenario back in the canonical form (fields in order, one line\n"
  "per step). Use - for standard output.\n"
  "\n"
  "Examples:\n"
  "  hassbench-cli export --c test-ml-2.c ml-2.hbscenario.json\n"
  "  hassbench-cli export --scenario - messy.hbscenario.json\n"
  "  hassbench-cli export --c test.c --name motion-off ml-2.hbscenario.json\n";

static char *
name_from_file (const char *file)
{
  g_autofree char *base = g_path_get_basename (file);
  char *dot = strstr (base, ".hbscenario");

  if (dot == NULL)
    dot = strrchr (base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';

  return g_steal_pointer (&base);
}

int
hb_cli_export (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(HbScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *c_path = NULL;
  g_autofree char *scenario_path = NULL;
  g_autofree char *name = NULL;
  const GOptionEntry entries[] = {
    { "c", 0, 0, G_OPTION_ARG_FILENAME, &c_path, "Write a GTest C source to FILE", "FILE" },
    { "scenario", 0, 0, G_OPTION_ARG_FILENAME, &scenario_path,
      "Write the normalised scenario to FILE", "FILE" },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name,
      "The test's name (default: from the file name)", "NAME" },
    { NULL }
  };

  context = hb_cli_context_new ("export", "SCENARIO",
                                "Export a scenario as a C test, or as a normalised scenario.",
                                export_examples);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!hb_cli_parse (context, &argc, &argv))
    return HB_CLI_EXIT_USAGE;

  if (argc != 2)
    return hb_cli_fail ("export", "expected one scenario file; try 'hassbench-cli export "
                        "--help'");
  if (c_path == NULL && scenario_path == NULL)
    return hb_cli_fail ("export", "nothing to do: give --c FILE, --scenario FILE or both");

  scenario = hb_scenario_new_from_file (argv[1], &error);
  if (scenario == NULL)
    return hb_cli_fail ("export", "%s", error->message);

  if (c_path != NULL)
    {
      g_autofree char *source = NULL;

      if (name == NULL)
        name = name_from_file (argv[1]);
      source = hb_scenario_to_c (scenario, name);
      if (!hb_cli_write_output (c_path, source, strlen (source), &error))
        return hb_cli_fail ("export", "%s", error->message);
    }

  if (scenario_path != NULL)
    {
      gsize length;
      g_autofree char *text = hb_scenario_to_data (scenario, &length);

      if (!hb_cli_write_output (scenario_path, text, length, &error))
        return hb_cli_fail ("export", "%s", error->message);
    }

  return HB_CLI_EXIT_OK;
}
