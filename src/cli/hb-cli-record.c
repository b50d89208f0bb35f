/* hb-cli-record.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "hb-cli.h"

/*
 * `record SCENARIO`: applies a scenario's actions and writes a scenario whose
 * expectations are what was observed, so exploring gives a test: every API call as
 * expect_called_exact, the scheduled jobs whenever they change, trigger counts, drain
 * errors, and the call totals at the end.
 */

static gboolean
append_step (HbScenario  *scenario,
             JsonObject  *object,
             GError     **error)
{
  g_autoptr(HbStep) step = hb_step_new_from_object (object, error);

  if (step == NULL)
    return FALSE;
  hb_scenario_append_step (scenario, step);

  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GStrv
job_names (HbHarness *harness)
{
  g_autoptr(GPtrArray) jobs = hb_scheduler_list_jobs (hb_harness_get_scheduler (harness), NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < jobs->len; i++)
    g_ptr_array_add (names, g_strdup (hb_job_get_name (g_ptr_array_index (jobs, i))));
  g_ptr_array_sort (names, compare_strings);
  g_ptr_array_add (names, NULL);

  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

static gboolean
record_jobs (HbScenario  *out,
             HbHarness   *harness,
             GStrv       *previous,
             GError     **error)
{
  g_auto(GStrv) names = job_names (harness);
  g_autoptr(JsonObject) object = NULL;
  JsonArray *array;

  if (*previous != NULL && g_strv_equal ((const char * const *) *previous,
                                         (const char * const *) names))
    return TRUE;

  object = json_object_new ();
  json_object_set_string_member (object, "kind", "expect_jobs");
  json_object_set_int_member (object, "count", g_strv_length (names));
  array = json_array_new ();
  for (guint i = 0; names[i] != NULL; i++)
    json_array_add_string_element (array, names[i]);
  json_object_set_array_member (object, "names", array);

  g_strfreev (*previous);
  *previous = g_steal_pointer (&names);

  return append_step (out, object, error);
}

static const char *
drain_code (const GError *error)
{
  return error->code == HB_DRAIN_ERROR_TIMEOUT ? "timeout" : "task_failed";
}

static gboolean
record_outcome (HbScenario    *out,
                HbHarness     *harness,
                HbOutcome     *outcome,
                GHashTable    *totals,
                GStrv         *jobs,
                GError       **error)
{
  const GError *failure = hb_outcome_get_error (outcome);
  JsonArray *calls = hb_outcome_get_calls (outcome);

  if (failure != NULL)
    {
      g_autoptr(JsonObject) object = json_object_new ();
      JsonObject *drain = hb_outcome_get_drain (outcome);

      json_object_set_string_member (object, "kind", "expect_drain_error");
      json_object_set_string_member (object, "code", drain_code (failure));
      if (drain != NULL && json_object_has_member (drain, "failures"))
        {
          JsonArray *failures = json_object_get_array_member (drain, "failures");

          if (failures != NULL && json_array_get_length (failures) > 0)
            {
              JsonObject *first = json_array_get_object_element (failures, 0);
              const char *task = json_object_get_string_member_with_default (first, "task",
                                                                             NULL);
              if (task != NULL && *task != '\0')
                json_object_set_string_member (object, "task", task);
            }
        }
      if (!append_step (out, object, error))
        return FALSE;
    }

  for (guint i = 0; i < json_array_get_length (calls); i++)
    {
      JsonObject *call = json_array_get_object_element (calls, i);
      const char *method = json_object_get_string_member (call, "method");
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_string_member (object, "kind", "expect_called_exact");
      json_object_set_string_member (object, "method", method);
      json_object_set_object_member (object, "kwargs",
                                     hb_json_object_copy (json_object_get_object_member (
                                                            call, "kwargs")));
      if (!append_step (out, object, error))
        return FALSE;

      g_hash_table_insert (totals, g_strdup (method),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (totals,
                                                                                    method))
                                             + 1));
    }

  if (hb_outcome_get_jobs_fired (outcome) >= 0)
    {
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_string_member (object, "kind", "expect_trigger_count");
      json_object_set_int_member (object, "count", hb_outcome_get_jobs_fired (outcome));
      if (!append_step (out, object, error))
        return FALSE;
    }

  return record_jobs (out, harness, jobs, error);
}

static const char record_examples[] =
  "Expectation steps in SCENARIO are dropped; its actions are applied, and the output has\n"
  "after each action what was observed: every API call (expect_called_exact), a failed\n"
  "drain (expect_drain_error), jobs fired (expect_trigger_count), the scheduled jobs when\n"
  "they changed (expect_jobs), and at the end the number of calls of each method.\n"
  "\n"
  "Examples:\n"
  "  hassbench-cli record -o ml-2.hbscenario.json explore.hbscenario.json\n"
  "  hassbench-cli record explore.hbscenario.json > recorded.hbscenario.json\n";

int
hb_cli_record (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(HbScenario) input = NULL;
  g_autoptr(HbScenario) out = NULL;
  g_autoptr(HbAppRegistry) registry = NULL;
  g_autoptr(HbHarness) harness = NULL;
  g_autoptr(GHashTable) totals = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) methods = NULL;
  g_autofree char *output = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) jobs = NULL;
  GHashTableIter iter;
  gpointer key;
  gsize length;
  guint64 seed;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      "Write the recorded scenario to FILE (default: standard output)", "FILE" },
    { NULL }
  };

  context = hb_cli_context_new ("record", "SCENARIO",
                                "Apply a scenario's steps and write a scenario whose "
                                "expectations are what was observed.", record_examples);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!hb_cli_parse (context, &argc, &argv))
    return HB_CLI_EXIT_USAGE;
  if (argc != 2)
    return hb_cli_fail ("record", "expected one scenario file; try 'hassbench-cli record "
                        "--help'");

  input = hb_scenario_new_from_file (argv[1], &error);
  if (input == NULL)
    return hb_cli_fail ("record", "%s", error->message);

  registry = hb_app_registry_new ();
  harness = hb_scenario_create_harness (input, registry, &error);
  if (harness == NULL)
    return hb_cli_fail ("record", "%s", error->message);
  if (!hb_harness_start (harness, &error))
    return hb_cli_fail ("record", "the app did not start: %s", error->message);

  out = hb_scenario_new ();
  hb_scenario_set_description (out, hb_scenario_get_description (input));
  hb_scenario_set_app_id (out, hb_scenario_get_app_id (input));
  hb_scenario_set_app_module (out, hb_scenario_get_app_module (input));
  hb_scenario_set_app_type (out, hb_scenario_get_app_type (input));
  hb_scenario_set_config (out, hb_scenario_get_config (input));
  hb_scenario_set_start_time (out, hb_scenario_get_start_time (input), NULL);
  hb_scenario_set_time_zone (out, hb_scenario_get_time_zone (input), NULL);
  if (hb_scenario_get_seed (input, &seed))
    hb_scenario_set_seed (out, seed);

  totals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* Jobs made by initialize (recorded when there are any). */
  jobs = g_new0 (char *, 1);
  if (!record_jobs (out, harness, &jobs, &error))
    return hb_cli_fail ("record", "%s", error->message);

  for (guint i = 0; i < hb_scenario_get_n_steps (input); i++)
    {
      HbStep *step = hb_scenario_get_step (input, i);
      g_autoptr(HbOutcome) outcome = NULL;
      g_autoptr(GError) step_error = NULL;

      if (hb_step_is_expectation (step))
        continue;

      hb_scenario_append_step (out, step);
      if (!hb_harness_apply_step (harness, step, &outcome, &step_error) &&
          step_error->domain != HB_DRAIN_ERROR)
        {
          g_autofree char *description = hb_step_describe (step);

          return hb_cli_fail ("record", "steps[%u] %s failed, and a scenario cannot expect "
                              "that: %s", i, description, step_error->message);
        }

      if (!record_outcome (out, harness, outcome, totals, &jobs, &error))
        return hb_cli_fail ("record", "%s", error->message);
    }

  /* Call totals, by method name: catches calls that should not have happened. */
  methods = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, totals);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (methods, key);
  g_ptr_array_sort (methods, compare_strings);
  for (guint i = 0; i < methods->len; i++)
    {
      const char *method = g_ptr_array_index (methods, i);
      g_autoptr(JsonObject) object = json_object_new ();

      json_object_set_string_member (object, "kind", "expect_call_count");
      json_object_set_string_member (object, "method", method);
      json_object_set_int_member (object, "count",
                                  GPOINTER_TO_UINT (g_hash_table_lookup (totals, method)));
      if (!append_step (out, object, &error))
        return hb_cli_fail ("record", "%s", error->message);
    }

  if (!hb_harness_stop (harness, &error))
    return hb_cli_fail ("record", "the app did not stop cleanly: %s", error->message);

  text = hb_scenario_to_data (out, &length);
  if (!hb_cli_write_output (output != NULL ? output : "-", text, length, &error))
    return hb_cli_fail ("record", "%s", error->message);

  return HB_CLI_EXIT_OK;
}
