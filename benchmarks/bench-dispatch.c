/* bench-dispatch.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <hassbench.h>

/* Budget (ARCHITECTURE.md §5): dispatching a state change that one listener matches costs
 * the same (within 20%) with 10 and with 10,000 listeners on other entities. Measured two
 * ways: the whole simulate_state_change + drain, and the bus alone (emit + run the
 * spawned handler task). The figures are information, never a failure. */

#define N_BATCHES  15
#define BATCH_SIZE 2000
#define FEW        10
#define MANY       10000
#define TOLERANCE  0.20
#define TARGET     "sensor.target"

#define BENCH_TYPE_DISPATCH_APP (bench_dispatch_app_get_type ())
G_DECLARE_FINAL_TYPE (BenchDispatchApp, bench_dispatch_app, BENCH, DISPATCH_APP, HbApp)

struct _BenchDispatchApp
{
  HbApp   parent_instance;
  guint64 n_target;
  guint64 n_other;
};
G_DEFINE_FINAL_TYPE (BenchDispatchApp, bench_dispatch_app, HB_TYPE_APP)

static gboolean
bench_target_cb (HbEvent   *event,
                 HbTask    *task,
                 gpointer   user_data,
                 GError   **error)
{
  BENCH_DISPATCH_APP (user_data)->n_target++;

  return TRUE;
}

static gboolean
bench_other_cb (HbEvent   *event,
                HbTask    *task,
                gpointer   user_data,
                GError   **error)
{
  BENCH_DISPATCH_APP (user_data)->n_other++;

  return TRUE;
}

static gboolean
bench_add (HbApp          *app,
           const char     *name,
           const char     *entity_id,
           HbHandlerFunc   handler,
           GError        **error)
{
  g_autoptr(HbListener) listener = hb_listener_new_state_change (name, entity_id);

  hb_listener_set_handler (listener, handler, app, NULL);

  return hb_bus_add_listener (hb_app_get_bus (app), listener, HB_IF_EXISTS_ERROR,
                              error) != NULL;
}

static gboolean
bench_dispatch_app_initialize (HbApp    *app,
                               HbTask   *task,
                               GError  **error)
{
  gint64 n_others = hb_app_get_config_int (app, "n_others");

  for (gint64 i = 0; i < n_others; i++)
    {
      char name[32];
      char entity_id[64];

      g_snprintf (name, sizeof name, "other_%" G_GINT64_FORMAT, i);
      g_snprintf (entity_id, sizeof entity_id, "sensor.other_%" G_GINT64_FORMAT, i);
      if (!bench_add (app, name, entity_id, bench_other_cb, error))
        return FALSE;
    }

  return bench_add (app, "target", TARGET, bench_target_cb, error);
}

static void
bench_dispatch_app_class_init (BenchDispatchAppClass *klass)
{
  g_autoptr(HbConfigSchema) schema = hb_config_schema_new ();

  HB_APP_CLASS (klass)->initialize = bench_dispatch_app_initialize;
  hb_config_schema_add (schema, "n_others", HB_CONFIG_INT, "10",
                        "listeners on entities that never change");
  hb_app_class_set_config_schema (HB_APP_CLASS (klass), schema);
}

static void
bench_dispatch_app_init (BenchDispatchApp *self)
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
  fprintf (stderr, "bench-dispatch: %s: %s\n", what, error ? error->message : "failed");
  exit (EXIT_FAILURE);
}

static HbHarness *
bench_harness_new (guint n_others)
{
  g_autoptr(JsonObject) config = json_object_new ();
  g_autoptr(GError) error = NULL;
  HbHarness *harness;

  json_object_set_int_member (config, "n_others", n_others);
  harness = hb_harness_new (BENCH_TYPE_DISPATCH_APP, config);
  if (!hb_harness_start (harness, &error))
    fail ("start", error);
  if (hb_bus_get_n_listeners (hb_harness_get_bus (harness)) != n_others + 1)
    fail ("the app did not register its listeners", NULL);

  return harness;
}

/* ns per simulate_state_change + drain on the target */
static double
measure_simulate (HbHarness *harness)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < BATCH_SIZE; i++)
    {
      if (!hb_harness_simulate_state_change (harness, TARGET, i % 2 ? "b" : "a",
                                             i % 2 ? "a" : "b", NULL, NULL,
                                             HB_DEFAULT_TIMEOUT, &error))
        fail ("simulate", error);
    }

  return (g_get_monotonic_time () - start) * 1000.0 / BATCH_SIZE;
}

/* ns per hb_bus_emit of a prepared event + running the handler task it spawned */
static double
measure_emit (HbHarness *harness,
              HbEvent  **events)
{
  HbBus *bus = hb_harness_get_bus (harness);
  HbTaskBucket *bucket = hb_harness_get_task_bucket (harness);
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < BATCH_SIZE; i++)
    {
      hb_bus_emit (bus, events[i]);
      hb_task_bucket_run_pending (bucket);
    }

  return (g_get_monotonic_time () - start) * 1000.0 / BATCH_SIZE;
}

static HbEvent **
make_events (void)
{
  HbEvent **events = g_new0 (HbEvent *, BATCH_SIZE);
  g_autoptr(HbState) a = hb_state_new (TARGET, "a", NULL, "2024-06-01T07:00:00+00:00", NULL,
                                       NULL);
  g_autoptr(HbState) b = hb_state_new (TARGET, "b", NULL, "2024-06-01T07:00:00+00:00", NULL,
                                       NULL);

  for (guint i = 0; i < BATCH_SIZE; i++)
    events[i] = hb_event_new_state_changed (TARGET, i % 2 ? b : a, i % 2 ? a : b,
                                            "2024-06-01T07:00:00+00:00", NULL);

  return events;
}

static void
free_events (HbEvent **events)
{
  for (guint i = 0; i < BATCH_SIZE; i++)
    g_object_unref (events[i]);
  g_free (events);
}

static void
report (const char *what,
        double      few_ns,
        double      many_ns)
{
  double change = many_ns / few_ns - 1.0;

  printf ("  %-22s %5d listeners %9.3f us/op   %5d listeners %9.3f us/op\n",
          what, FEW + 1, few_ns / 1000.0, MANY + 1, many_ns / 1000.0);
  printf ("  %-22s ratio %.3f (%+.1f%%)   budget within +-%.0f%%   %s\n",
          "", many_ns / few_ns, change * 100.0, TOLERANCE * 100.0,
          fabs (change) <= TOLERANCE ? "PASS" : "OVER");
}

int
main (int   argc,
      char *argv[])
{
  HbHarness *few = bench_harness_new (FEW);
  HbHarness *many = bench_harness_new (MANY);
  double simulate_few[N_BATCHES];
  double simulate_many[N_BATCHES];
  double emit_few[N_BATCHES];
  double emit_many[N_BATCHES];
  g_autoptr(GError) error = NULL;
  BenchDispatchApp *few_app = BENCH_DISPATCH_APP (hb_harness_get_app (few));
  BenchDispatchApp *many_app = BENCH_DISPATCH_APP (hb_harness_get_app (many));
  guint64 expected;

  /* warm-up */
  measure_simulate (few);
  measure_simulate (many);

  /* Batches interleave the two harnesses so drift hits both alike. */
  for (guint b = 0; b < N_BATCHES; b++)
    {
      /* fresh events for each bus: an event gets its sequence number when emitted */
      HbEvent **few_events = make_events ();
      HbEvent **many_events = make_events ();

      simulate_few[b] = measure_simulate (few);
      simulate_many[b] = measure_simulate (many);
      emit_few[b] = measure_emit (few, few_events);
      emit_many[b] = measure_emit (many, many_events);
      free_events (few_events);
      free_events (many_events);
    }

  expected = (guint64) (N_BATCHES * 2 + 1) * BATCH_SIZE;
  if (few_app->n_target != expected || many_app->n_target != expected)
    fail ("the target listener did not run once per event", NULL);
  if (few_app->n_other != 0 || many_app->n_other != 0)
    fail ("a listener on another entity ran", NULL);

  printf ("bench-dispatch: one matching listener among listeners on other entities "
          "(median of %d batches x %d)\n", N_BATCHES, BATCH_SIZE);
  report ("simulate + drain", median (simulate_few, N_BATCHES),
          median (simulate_many, N_BATCHES));
  report ("bus emit + run", median (emit_few, N_BATCHES), median (emit_many, N_BATCHES));

  if (!hb_harness_stop (few, &error) || !hb_harness_stop (many, &error))
    fail ("stop", error);
  g_object_unref (few);
  g_object_unref (many);

  return EXIT_SUCCESS;
}
