/* hb-cli-run.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "hb-cli.h"

/*
 * `_run-one FILE`: runs one scenario in this process and reports on a private copy of
 * standard output (the real standard output is pointed at standard error, so whatever an
 * app prints cannot corrupt the report).
 */
typedef struct
{
  int         fd;
  guint       n_steps;
  JsonObject *last_drain;
  gboolean    failed;
} RunOne;

static void
emit (RunOne     *run,
      JsonObject *object)
{
  g_autofree char *text = hb_json_object_to_string (object);
  g_autofree char *line = g_strconcat (text, "\n", NULL);
  gsize length = strlen (line);
  gsize written = 0;

  /* Unbuffered, so everything before a crash reaches the parent. */
  while (written < length)
    {
      gssize n = write (run->fd, line + written, length - written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return;
      written += n;
    }
}

static void
emit_begin (RunOne     *run,
            HbScenario *scenario,
            guint       index)
{
  g_autoptr(JsonObject) object = NULL;
  g_autofree char *description = NULL;
  HbStep *step;

  if (index >= hb_scenario_get_n_steps (scenario))
    return;

  step = hb_scenario_get_step (scenario, index);
  description = hb_step_describe (step);
  object = json_object_new ();
  json_object_set_int_member (object, "begin", index);
  json_object_set_string_member (object, "kind",
                                 hb_step_kind_to_string (hb_step_get_kind (step)));
  json_object_set_string_member (object, "description", description);
  emit (run, object);
}

static JsonObject *
error_to_json (const GError *error)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "domain", g_quark_to_string (error->domain));
  json_object_set_int_member (object, "code", error->code);
  json_object_set_string_member (object, "message", error->message);

  return object;
}

static void
step_done_cb (HbScenario   *scenario,
              guint         index,
              HbStep       *step,
              HbOutcome    *outcome,
              const GError *failure,
              gpointer      user_data)
{
  RunOne *run = user_data;
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *description = hb_step_describe (step);
  JsonObject *drain;

  json_object_set_int_member (object, "step", index);
  json_object_set_string_member (object, "kind",
                                 hb_step_kind_to_string (hb_step_get_kind (step)));
  json_object_set_string_member (object, "description", description);
  if (outcome != NULL)
    json_object_set_object_member (object, "outcome", hb_outcome_to_json (outcome));
  if (failure != NULL)
    {
      json_object_set_object_member (object, "failure", error_to_json (failure));
      if (run->last_drain != NULL)
        json_object_set_object_member (object, "last_drain",
                                       hb_json_object_copy (run->last_drain));
      run->failed = TRUE;
    }

  drain = outcome != NULL ? hb_outcome_get_drain (outcome) : NULL;
  if (drain != NULL)
    {
      g_clear_pointer (&run->last_drain, json_object_unref);
      run->last_drain = hb_json_object_copy (drain);
    }

  run->n_steps++;
  emit (run, object);
  emit_begin (run, scenario, index + 1);
}

static int
run_one_fail (RunOne       *run,
              const char   *stage,
              const GError *error)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonObject *result = json_object_new ();

  json_object_set_boolean_member (result, "ok", FALSE);
  json_object_set_string_member (result, "stage", stage);
  json_object_set_object_member (result, "error", error_to_json (error));
  json_object_set_object_member (object, "result", result);
  emit (run, object);

  return HB_CLI_EXIT_FAILED;
}

int
hb_cli_run_one (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(HbAppRegistry) registry = NULL;
  g_autoptr(HbScenario) scenario = NULL;
  g_autoptr(HbHarness) harness = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) run_error = NULL;
  g_autoptr(JsonObject) object = NULL;
  JsonObject *result;
  RunOne run = { 0 };
  int status;

  context = hb_cli_context_new ("_run-one", "FILE",
                                "Runs one scenario in this process and reports JSON lines "
                                "(used by run and check).", NULL);
  if (!hb_cli_parse (context, &argc, &argv))
    return HB_CLI_EXIT_USAGE;
  if (argc != 2)
    return hb_cli_fail ("_run-one", "expected one scenario file");

  run.fd = dup (STDOUT_FILENO);
  if (run.fd < 0 || dup2 (STDERR_FILENO, STDOUT_FILENO) < 0)
    return hb_cli_fail ("_run-one", "cannot set up the report: %s", g_strerror (errno));

  scenario = hb_scenario_new_from_file (argv[1], &error);
  if (scenario == NULL)
    {
      status = run_one_fail (&run, "load", error);
      close (run.fd);
      return status;
    }

  registry = hb_app_registry_new ();
  harness = hb_scenario_create_harness (scenario, registry, &error);
  if (harness == NULL)
    {
      status = run_one_fail (&run, "app", error);
      close (run.fd);
      return status;
    }

  if (!hb_harness_start (harness, &error))
    {
      status = run_one_fail (&run, "start", error);
      close (run.fd);
      return status;
    }

  emit_begin (&run, scenario, 0);
  hb_scenario_run (scenario, harness, step_done_cb, &run, &run_error);

  if (!hb_harness_stop (harness, &error))
    {
      status = run_one_fail (&run, "stop", error);
      g_clear_pointer (&run.last_drain, json_object_unref);
      close (run.fd);
      return status;
    }

  object = json_object_new ();
  result = json_object_new ();
  json_object_set_boolean_member (result, "ok", run_error == NULL && !run.failed);
  json_object_set_int_member (result, "steps", run.n_steps);
  json_object_set_object_member (object, "result", result);
  emit (&run, object);

  g_clear_pointer (&run.last_drain, json_object_unref);
  close (run.fd);

  return run_error == NULL ? HB_CLI_EXIT_OK : HB_CLI_EXIT_FAILED;
}

/*
 * `run FILE...`
 */
typedef struct
{
  GPtrArray *results;   /* filled as children finish, in index order */
  gboolean  *finished;
  guint      n;
  guint      next_to_print;
  gboolean   tap;
} Printer;

static void
print_tap (HbCliResult *result,
           guint        index)
{
  hb_cli_out ("%s %u - %s\n", result->ok ? "ok" : "not ok", index + 1, result->file);
  if (!result->ok)
    {
      g_autofree char *why = hb_cli_result_describe_failure (result, TRUE);
      hb_cli_out ("%s", why);
    }
}

static void
done_cb (HbCliResult *result,
         guint        index,
         gpointer     user_data)
{
  Printer *printer = user_data;

  printer->finished[index] = TRUE;
  g_ptr_array_index (printer->results, index) = result;

  /* Streams TAP in the order the files were given, as soon as it can. */
  while (printer->tap && printer->next_to_print < printer->n &&
         printer->finished[printer->next_to_print])
    {
      print_tap (g_ptr_array_index (printer->results, printer->next_to_print),
                 printer->next_to_print);
      printer->next_to_print++;
    }
}

static const char run_examples[] =
  "Each scenario runs in its own process, so a crash or a hang fails that scenario only.\n"
  "The exit status is 0 only if every expectation of every scenario held.\n"
  "\n"
  "Examples:\n"
  "  hassbench-cli run tests/data/*.hbscenario.json\n"
  "  hassbench-cli run --jobs 4 --format=json ml-1.hbscenario.json ml-2.hbscenario.json\n"
  "  HB_APPS_PATH=_build/src/apps hassbench-cli run my-app.hbscenario.json\n";

int
hb_cli_run (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GPtrArray) results = NULL;
  g_autofree char *format = NULL;
  g_autofree gboolean *finished = NULL;
  int jobs = 0;
  double timeout = 300;
  gboolean all_ok = TRUE;
  Printer printer = { 0 };
  const GOptionEntry entries[] = {
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs,
      "Run N scenarios at a time (default: the number of processors)", "N" },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format,
      "Output format: tap (default) or json", "FORMAT" },
    { "timeout", 0, 0, G_OPTION_ARG_DOUBLE, &timeout,
      "Fail a scenario still running after SECONDS of real time (default 300)", "SECONDS" },
    { NULL }
  };

  context = hb_cli_context_new ("run", "FILE...", "Run scenario files and check their "
                                "expectations.", run_examples);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!hb_cli_parse (context, &argc, &argv))
    return HB_CLI_EXIT_USAGE;

  if (argc < 2)
    return hb_cli_fail ("run", "no scenario files given; try 'hassbench-cli run --help'");
  if (format != NULL && g_strcmp0 (format, "tap") != 0 && g_strcmp0 (format, "json") != 0)
    return hb_cli_fail ("run", "unknown format '%s'; expected tap or json", format);
  if (jobs < 0)
    return hb_cli_fail ("run", "--jobs must be at least 1");
  if (!(timeout >= 0))
    return hb_cli_fail ("run", "--timeout must be >= 0");
  if (jobs == 0)
    jobs = MAX (1, g_get_num_processors ());

  printer.n = argc - 1;
  printer.tap = format == NULL || g_strcmp0 (format, "tap") == 0;
  printer.results = g_ptr_array_new ();
  g_ptr_array_set_size (printer.results, printer.n);
  finished = g_new0 (gboolean, printer.n);
  printer.finished = finished;

  if (printer.tap)
    hb_cli_out ("TAP version 13\n1..%u\n", printer.n);

  results = hb_cli_run_children ((const char * const *) argv + 1, jobs, timeout, done_cb,
                                 &printer);
  g_ptr_array_unref (printer.results);

  for (guint i = 0; i < results->len; i++)
    all_ok = all_ok && ((HbCliResult *) g_ptr_array_index (results, i))->ok;

  if (!printer.tap)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      JsonArray *array = json_array_new ();
      g_autofree char *text = NULL;

      for (guint i = 0; i < results->len; i++)
        json_array_add_object_element (array,
                                       hb_cli_result_to_json (g_ptr_array_index (results, i)));
      json_object_set_boolean_member (object, "ok", all_ok);
      json_object_set_array_member (object, "scenarios", array);
      text = hb_json_object_to_string (object);
      hb_cli_out ("%s\n", text);
    }

  return all_ok ? HB_CLI_EXIT_OK : HB_CLI_EXIT_FAILED;
}
