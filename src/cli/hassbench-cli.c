/* hassbench-cli.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "hb-cli.h"

typedef struct
{
  const char *name;
  const char *summary;
  int       (*func) (int argc, char **argv);
  gboolean    hidden;
} Verb;

static const Verb verbs[] = {
  { "run", "Run scenarios (each in its own process) and check their expectations",
    hb_cli_run, FALSE },
  { "check", "Replay a scenario twice and fail if any step's outcome differs",
    hb_cli_check, FALSE },
  { "record", "Apply a scenario's steps and write what was observed as expectations",
    hb_cli_record, FALSE },
  { "export", "Export a scenario as a GTest C source or a normalised scenario",
    hb_cli_export, FALSE },
  { "apps", "List the bundled and given modules' apps and their config fields",
    hb_cli_apps, FALSE },
  { "_run-one", "Run one scenario in this process (for run and check)",
    hb_cli_run_one, TRUE },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream,
           "Usage:\n"
           "  hassbench-cli VERB [OPTION...]\n"
           "\n"
           "Run, check, record and export Hassbench scenarios without a display.\n"
           "\n"
           "Verbs:\n");
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (!verbs[i].hidden)
      fprintf (stream, "  %-8s %s\n", verbs[i].name, verbs[i].summary);
  fprintf (stream,
           "\n"
           "'hassbench-cli VERB --help' (or 'hassbench-cli help VERB') describes a verb, with\n"
           "examples. The scenario format is described in docs/scenario-format.md.\n"
           "\n"
           "Examples:\n"
           "  hassbench-cli run tests/data/*.hbscenario.json\n"
           "  hassbench-cli record -o ml-2.hbscenario.json explore.hbscenario.json\n"
           "  hassbench-cli export --c test-ml-2.c ml-2.hbscenario.json\n"
           "  hassbench-cli check ml-2.hbscenario.json\n"
           "  hassbench-cli apps\n");
}

static const Verb *
find_verb (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (strcmp (verbs[i].name, name) == 0)
      return &verbs[i];

  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  const Verb *verb;

  setlocale (LC_ALL, "");
  g_set_prgname ("hassbench-cli");
  hb_cli_set_program (argv[0]);

  if (argc < 2)
    {
      print_usage (stderr);
      return HB_CLI_EXIT_USAGE;
    }

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      (strcmp (argv[1], "help") == 0 && argc == 2))
    {
      print_usage (stdout);
      return HB_CLI_EXIT_OK;
    }

  if (strcmp (argv[1], "--version") == 0)
    {
      hb_cli_out ("hassbench-cli %s\n", PACKAGE_VERSION);
      return HB_CLI_EXIT_OK;
    }

  if (strcmp (argv[1], "help") == 0)
    {
      char *help_argv[] = { argv[2], (char *) "--help", NULL };

      verb = find_verb (argv[2]);
      if (verb == NULL)
        return hb_cli_fail ("help", "unknown verb '%s'", argv[2]);
      return verb->func (2, help_argv);
    }

  verb = find_verb (argv[1]);
  if (verb == NULL)
    {
      hb_cli_err ("hassbench-cli: unknown verb '%s'\n\n", argv[1]);
      print_usage (stderr);
      return HB_CLI_EXIT_USAGE;
    }

  return verb->func (argc - 1, argv + 1);
}
