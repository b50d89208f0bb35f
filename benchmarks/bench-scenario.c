/* bench-scenario.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <time.h>

#include <glib/gstdio.h>

#include <hassbench.h>

/*
 * Scenario replay: a 10,000-step scenario parsed from text and replayed through
 * hb_scenario_run() (budget: under 1 s), beside a baseline that makes the same harness
 * calls directly. With a path to hassbench-cli as argument, also the cost of starting it
 * (`hassbench-cli _run-one` on an empty scenario) beside starting /bin/true.
 */

#define N_ROUNDS 2500  /* four steps each */

#define BENCH_TYPE_APP (bench_app_get_type ())
G_DECLARE_FINAL_TYPE (BenchApp, bench_app, BENCH, APP, HbApp)

struct _BenchApp
{
  HbApp parent_instance;
};

G_DEFINE_FINAL_TYPE (BenchApp, bench_app, HB_TYPE_APP)

static gboolean
light_off (HbJob    *job,
           HbTask   *task,
           gpointer  user_data,
           GError  **error)
{
  return hb_recording_api_turn_off (hb_app_get_api (user_data), "light.x", NULL, NULL, error);
}

static gboolean
motion (HbEvent  *event,
        HbTask   *task,
        gpointer  user_data,
        GError  **error)
{
  HbApp *app = user_data;
  HbState *state = hb_event_get_new_state (event);

  if (g_strcmp0 (hb_state_get_state (state), "on") == 0)
    return hb_recording_api_turn_on (hb_app_get_api (app), "light.x", NULL, NULL, error);

  return hb_scheduler_run_in (hb_app_get_scheduler (app), "off", 300, light_off, app, NULL,
                              error) != NULL;
}

static gboolean
bench_app_initialize (HbApp    *app,
                      HbTask   *task,
                      GError  **error)
{
  g_autoptr(HbListener) listener = hb_listener_new_state_change ("motion",
                                                                 "binary_sensor.x");

  hb_listener_set_handler (listener, motion, app, NULL);

  return hb_bus_add_listener (hb_app_get_bus (app), listener, HB_IF_EXISTS_ERROR,
                              error) != NULL;
}

static void
bench_app_class_init (BenchAppClass *klass)
{
  HB_APP_CLASS (klass)->initialize = bench_app_initialize;
}

static void
bench_app_init (BenchApp *self)
{
}

static double
cpu_seconds (void)
{
  return (double) clock () / CLOCKS_PER_SEC;
}

static HbHarness *
new_harness (void)
{
  g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 ("2024-06-01T07:00:00Z", NULL);
  g_autoptr(GError) error = NULL;
  HbHarness *harness = hb_harness_new (BENCH_TYPE_APP, NULL);

  hb_harness_set_start_time (harness, start);
  if (!hb_harness_start (harness, &error))
    g_error ("start: %s", error->message);

  return harness;
}

static char *
scenario_text (void)
{
  GString *text = g_string_new ("{\"format\": \"hassbench-scenario\", \"version\": 1, "
                                "\"app\": {\"id\": \"bench\"}, \"steps\": [\n");

  for (guint i = 0; i < N_ROUNDS; i++)
    g_string_append_printf (text,
                            "%s{\"kind\": \"simulate_state_change\", \"entity_id\": "
                            "\"binary_sensor.x\", \"old_value\": \"off\", \"new_value\": "
                            "\"on\"},\n"
                            "{\"kind\": \"simulate_state_change\", \"entity_id\": "
                            "\"binary_sensor.x\", \"old_value\": \"on\", \"new_value\": "
                            "\"off\"},\n"
                            "{\"kind\": \"step\", \"by\": 301},\n"
                            "{\"kind\": \"expect_trigger_count\", \"count\": 1}",
                            i > 0 ? ",\n" : "");
  g_string_append (text, "]}\n");

  return g_string_free (text, FALSE);
}

static void
count_outcome (HbScenario   *scenario,
               guint         index,
               HbStep       *step,
               HbOutcome    *outcome,
               const GError *failure,
               gpointer      user_data)
{
  guint *n = user_data;

  *n += json_array_get_length (hb_outcome_get_calls (outcome));
}

static void
bench_replay (void)
{
  g_autofree char *text = scenario_text ();
  g_autoptr(HbScenario) scenario = NULL;
  g_autoptr(HbHarness) harness = NULL;
  g_autoptr(HbHarness) baseline = NULL;
  g_autoptr(HbHarness) recording = NULL;
  guint n_calls = 0;
  g_autoptr(GError) error = NULL;
  gint64 t0, t1, t2, t3;
  double c0, c1, c2, c3;

  t0 = g_get_monotonic_time ();
  c0 = cpu_seconds ();
  scenario = hb_scenario_new_from_data (text, -1, "bench", &error);
  if (scenario == NULL)
    g_error ("%s", error->message);
  t1 = g_get_monotonic_time ();
  c1 = cpu_seconds ();

  harness = new_harness ();
  c2 = cpu_seconds ();
  t2 = g_get_monotonic_time ();
  if (!hb_scenario_run (scenario, harness, NULL, NULL, &error))
    g_error ("%s", error->message);
  t3 = g_get_monotonic_time ();
  c3 = cpu_seconds ();

  g_print ("scenario parse, %u steps: %.1f ms (cpu %.1f ms)\n",
           hb_scenario_get_n_steps (scenario), (t1 - t0) / 1000.0, (c1 - c0) * 1000);
  g_print ("scenario replay, %u steps: %.1f ms (cpu %.1f ms), %.1f us/step; budget 1000 ms\n",
           hb_scenario_get_n_steps (scenario), (t3 - t2) / 1000.0, (c3 - c2) * 1000,
           (double) (t3 - t2) / hb_scenario_get_n_steps (scenario));

  /* The same, recording every step's outcome (what the host and hassbench-cli do). */
  recording = new_harness ();
  t0 = g_get_monotonic_time ();
  c0 = cpu_seconds ();
  if (!hb_scenario_run (scenario, recording, count_outcome, &n_calls, &error))
    g_error ("%s", error->message);
  t1 = g_get_monotonic_time ();
  c1 = cpu_seconds ();
  g_print ("scenario replay with outcomes: %.1f ms (cpu %.1f ms), %u calls seen\n",
           (t1 - t0) / 1000.0, (c1 - c0) * 1000, n_calls);

  /* Baseline: the same calls, made directly. */
  baseline = new_harness ();
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < N_ROUNDS; i++)
    {
      if (!hb_harness_simulate_state_change (baseline, "binary_sensor.x", "off", "on", NULL,
                                             NULL, HB_DEFAULT_TIMEOUT, &error) ||
          !hb_harness_simulate_state_change (baseline, "binary_sensor.x", "on", "off", NULL,
                                             NULL, HB_DEFAULT_TIMEOUT, &error) ||
          hb_harness_step (baseline, 301, HB_DEFAULT_TIMEOUT, &error) != 1)
        g_error ("baseline: %s", error ? error->message : "wrong trigger count");
    }
  t1 = g_get_monotonic_time ();

  g_print ("baseline, the same harness calls made directly: %.1f ms; replay/baseline %.2f\n",
           (t1 - t0) / 1000.0, (double) (t3 - t2) / MAX (t1 - t0, 1));
}

static double
spawn_ms (const char * const *argv,
          guint               times)
{
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < times; i++)
    {
      g_autoptr(GError) error = NULL;
      int status;

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL |
                         G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error))
        g_error ("%s: %s", argv[0], error->message);
    }

  return (g_get_monotonic_time () - start) / 1000.0 / times;
}

static void
bench_cli_startup (const char *cli)
{
  g_autofree char *dir = g_dir_make_tmp ("bench-scenario-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "empty.hbscenario.json", NULL);
  const char *true_argv[] = { "/bin/true", NULL };
  const char *cli_argv[] = { cli, "_run-one", path, NULL };
  double baseline;
  double startup;

  /* An app that is never found costs the module search, not an app start. */
  g_file_set_contents (path, "{\"format\": \"hassbench-scenario\", \"version\": 1, "
                             "\"app\": {\"id\": \"none\"}, \"steps\": []}", -1, NULL);

  baseline = spawn_ms (true_argv, 50);
  startup = spawn_ms (cli_argv, 50);
  g_print ("hassbench-cli start-up (_run-one, empty scenario): %.2f ms; /bin/true %.2f ms; "
           "ratio %.1f\n", startup, baseline, startup / MAX (baseline, 0.001));

  g_remove (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  bench_replay ();
  if (argc > 1)
    bench_cli_startup (argv[1]);

  return 0;
}
