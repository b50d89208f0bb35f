/* bench-simulate.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <hassbench.h>

/* Budget (ARCHITECTURE.md §5): simulate_state_change + drain with one synchronous handler
 * costs at most 20 times calling that handler directly. Both are measured here, in the
 * same run; the figures are information, never a failure. */

#define N_BATCHES  15
#define BATCH_SIZE 2000
#define BUDGET     20.0
#define ENTITY     "sensor.bench"

#define BENCH_TYPE_SIM_APP (bench_sim_app_get_type ())
G_DECLARE_FINAL_TYPE (BenchSimApp, bench_sim_app, BENCH, SIM_APP, HbApp)

struct _BenchSimApp
{
  HbApp  parent_instance;
  guint64 n_handled;
};
G_DEFINE_FINAL_TYPE (BenchSimApp, bench_sim_app, HB_TYPE_APP)

/* A realistic small handler: read the new state, record one api call. (An empty handler
 * would make the ratio meaningless: it measures the harness against nothing.) */
static gboolean
bench_sim_handler (HbEvent   *event,
                   HbTask    *task,
                   gpointer   user_data,
                   GError   **error)
{
  BenchSimApp *self = user_data;
  HbState *new_state = hb_event_get_new_state (event);

  self->n_handled++;
  if (new_state == NULL)
    return TRUE;

  return hb_recording_api_turn_on (hb_app_get_api (HB_APP (self)), "light.bench", "light",
                                   NULL, error);
}

static gboolean
bench_sim_app_initialize (HbApp    *app,
                          HbTask   *task,
                          GError  **error)
{
  g_autoptr(HbListener) listener = hb_listener_new_state_change ("bench", ENTITY);

  hb_listener_set_handler (listener, bench_sim_handler, app, NULL);

  return hb_bus_add_listener (hb_app_get_bus (app), listener, HB_IF_EXISTS_ERROR,
                              error) != NULL;
}

static void
bench_sim_app_class_init (BenchSimAppClass *klass)
{
  HB_APP_CLASS (klass)->initialize = bench_sim_app_initialize;
}

static void
bench_sim_app_init (BenchSimApp *self)
{
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);

  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

static G_GNUC_NORETURN void
fail (const char   *what,
      const GError *error)
{
  fprintf (stderr, "bench-simulate: %s: %s\n", what, error ? error->message : "failed");
  exit (EXIT_FAILURE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(HbHarness) harness = NULL;
  g_autoptr(GDateTime) t0 = g_date_time_new_from_unix_utc (1717225200);
  g_autoptr(GError) error = NULL;
  g_autoptr(HbState) state_a = NULL;
  g_autoptr(HbState) state_b = NULL;
  g_autoptr(HbEvent) event = NULL;
  double simulate_ns[N_BATCHES];
  double direct_ns[N_BATCHES];
  double simulate_median;
  double direct_median;
  double ratio;
  BenchSimApp *app;
  HbRecordingApi *api;
  guint64 expected = 0;

  harness = hb_harness_new (BENCH_TYPE_SIM_APP, NULL);
  hb_harness_set_start_time (harness, t0);
  if (!hb_harness_start (harness, &error))
    fail ("start", error);
  app = BENCH_SIM_APP (hb_harness_get_app (harness));
  api = hb_harness_get_api (harness);

  /* The direct baseline gets an event of the same shape. */
  state_a = hb_state_new (ENTITY, "a", NULL, "2024-06-01T07:00:00+00:00", NULL, NULL);
  state_b = hb_state_new (ENTITY, "b", NULL, "2024-06-01T07:00:00+00:00", NULL, NULL);
  event = hb_event_new_state_changed (ENTITY, state_a, state_b, "2024-06-01T07:00:00+00:00",
                                      NULL);

  /* warm-up */
  for (guint i = 0; i < 200; i++)
    {
      if (!hb_harness_simulate_state_change (harness, ENTITY, i % 2 ? "b" : "a",
                                             i % 2 ? "a" : "b", NULL, NULL,
                                             HB_DEFAULT_TIMEOUT, &error))
        fail ("simulate", error);
      expected++;
    }

  /* Batches alternate between the two so drift on a noisy machine hits both. */
  for (guint b = 0; b < N_BATCHES; b++)
    {
      gint64 start;

      hb_recording_api_reset (api);
      start = g_get_monotonic_time ();
      for (guint i = 0; i < BATCH_SIZE; i++)
        {
          if (!hb_harness_simulate_state_change (harness, ENTITY, i % 2 ? "b" : "a",
                                                 i % 2 ? "a" : "b", NULL, NULL,
                                                 HB_DEFAULT_TIMEOUT, &error))
            fail ("simulate", error);
        }
      simulate_ns[b] = (g_get_monotonic_time () - start) * 1000.0 / BATCH_SIZE;
      expected += BATCH_SIZE;
      if (hb_recording_api_get_n_calls (api) != BATCH_SIZE)
        fail ("the handler did not record one call per simulated change", NULL);

      hb_recording_api_reset (api);
      start = g_get_monotonic_time ();
      for (guint i = 0; i < BATCH_SIZE; i++)
        {
          if (!bench_sim_handler (event, NULL, app, &error))
            fail ("direct handler call", error);
        }
      direct_ns[b] = (g_get_monotonic_time () - start) * 1000.0 / BATCH_SIZE;
      expected += BATCH_SIZE;
    }

  if (app->n_handled != expected)
    fail ("handler run count differs from the number of simulated changes", NULL);

  hb_recording_api_reset (api);
  if (!hb_harness_stop (harness, &error))
    fail ("stop", error);

  simulate_median = median (simulate_ns, N_BATCHES);
  direct_median = median (direct_ns, N_BATCHES);
  ratio = simulate_median / direct_median;

  printf ("bench-simulate: simulate_state_change + drain, one sync handler "
          "(median of %d batches x %d)\n", N_BATCHES, BATCH_SIZE);
  printf ("  simulate + drain     %10.3f us/op\n", simulate_median / 1000.0);
  printf ("  handler called alone %10.3f us/op   (baseline)\n", direct_median / 1000.0);
  printf ("  harness overhead     %10.3f us/op   (simulate + drain minus the handler)\n",
          (simulate_median - direct_median) / 1000.0);
  printf ("  ratio                %10.1fx        budget <= %.0fx   %s\n",
          ratio, BUDGET, ratio <= BUDGET ? "PASS" : "OVER");

  return EXIT_SUCCESS;
}
