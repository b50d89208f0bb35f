/* bench-scheduler.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <hassbench.h>

/* Budget (ARCHITECTURE.md §5): 1,000,000 scheduled jobs (run_in, distinct delays of
 * 1..1,000,000 s), advance one day, trigger the 86,400 that are due: under 2 s in all.
 * The baseline is the same amount of ordering work done with a plain balanced tree
 * (GSequence) in the same run. The figures are information, never a failure. */

#define N_JOBS      1000000
#define DAY_SECONDS 86400
#define BUDGET_S    2.0

#define BENCH_TYPE_EMPTY_APP (bench_empty_app_get_type ())
G_DECLARE_FINAL_TYPE (BenchEmptyApp, bench_empty_app, BENCH, EMPTY_APP, HbApp)

struct _BenchEmptyApp { HbApp parent_instance; };
G_DEFINE_FINAL_TYPE (BenchEmptyApp, bench_empty_app, HB_TYPE_APP)

static void
bench_empty_app_class_init (BenchEmptyAppClass *klass)
{
}

static void
bench_empty_app_init (BenchEmptyApp *self)
{
}

static guint64 n_ran;

static gboolean
bench_job_cb (HbJob     *job,
              HbTask    *task,
              gpointer   user_data,
              GError   **error)
{
  n_ran++;

  return TRUE;
}

static G_GNUC_NORETURN void
fail (const char   *what,
      const GError *error)
{
  fprintf (stderr, "bench-scheduler: %s: %s\n", what, error ? error->message : "failed");
  exit (EXIT_FAILURE);
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

typedef struct
{
  gint64  due;
  char   *name;
} BaselineItem;

static int
baseline_compare (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  const BaselineItem *x = a;
  const BaselineItem *y = b;

  return (x->due > y->due) - (x->due < y->due);
}

static void
baseline_item_free (gpointer data)
{
  BaselineItem *item = data;

  g_free (item->name);
  g_free (item);
}

/* The same shape of work with a GSequence: insert named items by due time, then pop the
 * due ones from the front. */
static double
run_baseline (void)
{
  GSequence *sequence = g_sequence_new (baseline_item_free);
  gint64 start = g_get_monotonic_time ();
  gint64 limit = (gint64) DAY_SECONDS * G_USEC_PER_SEC;
  guint popped = 0;
  double elapsed;

  for (guint i = 0; i < N_JOBS; i++)
    {
      BaselineItem *item = g_new (BaselineItem, 1);

      item->due = (gint64) (i + 1) * G_USEC_PER_SEC;
      item->name = g_strdup_printf ("job_%u", i);
      g_sequence_insert_sorted (sequence, item, baseline_compare, NULL);
    }

  while (g_sequence_get_length (sequence) > 0)
    {
      GSequenceIter *first = g_sequence_get_begin_iter (sequence);
      BaselineItem *item = g_sequence_get (first);

      if (item->due > limit)
        break;
      g_sequence_remove (first);
      popped++;
    }
  elapsed = seconds_since (start);

  if (popped != DAY_SECONDS)
    fail ("baseline popped the wrong number of items", NULL);
  g_sequence_free (sequence);

  return elapsed;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(HbHarness) harness = NULL;
  g_autoptr(GDateTime) t0 = g_date_time_new_from_unix_utc (1717225200);
  g_autoptr(GError) error = NULL;
  HbScheduler *scheduler;
  double schedule_s;
  double advance_s;
  double trigger_s;
  double total_s;
  double stop_s;
  double baseline_s;
  gint64 start;
  int fired;

  harness = hb_harness_new (BENCH_TYPE_EMPTY_APP, NULL);
  hb_harness_set_start_time (harness, t0);
  if (!hb_harness_start (harness, &error))
    fail ("start", error);
  scheduler = hb_harness_get_scheduler (harness);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_JOBS; i++)
    {
      char name[32];

      g_snprintf (name, sizeof name, "job_%u", i);
      if (hb_scheduler_run_in (scheduler, name, (double) (i + 1), bench_job_cb, NULL, NULL,
                               &error) == NULL)
        fail ("run_in", error);
    }
  schedule_s = seconds_since (start);
  if (hb_scheduler_get_n_jobs (scheduler) != N_JOBS)
    fail ("not every job is scheduled", NULL);

  start = g_get_monotonic_time ();
  if (!hb_harness_advance_time (harness, DAY_SECONDS, &error))
    fail ("advance", error);
  advance_s = seconds_since (start);

  start = g_get_monotonic_time ();
  fired = hb_harness_trigger_due_jobs (harness, &error);
  trigger_s = seconds_since (start);
  if (fired < 0)
    fail ("trigger_due_jobs", error);
  if (fired != DAY_SECONDS || n_ran != DAY_SECONDS)
    {
      fprintf (stderr, "bench-scheduler: fired %d, ran %" G_GUINT64_FORMAT ", expected %d\n",
               fired, n_ran, DAY_SECONDS);
      return EXIT_FAILURE;
    }
  if (hb_scheduler_get_n_jobs (scheduler) != N_JOBS - DAY_SECONDS)
    fail ("fired one-shots are still scheduled", NULL);

  total_s = schedule_s + advance_s + trigger_s;

  start = g_get_monotonic_time ();
  if (!hb_harness_stop (harness, &error))
    fail ("stop", error);
  stop_s = seconds_since (start);

  baseline_s = run_baseline ();

  printf ("bench-scheduler: %d run_in jobs, advance %d s, trigger the %d due\n",
          N_JOBS, DAY_SECONDS, DAY_SECONDS);
  printf ("  schedule             %8.3f s   (%.3f us/job)\n",
          schedule_s, schedule_s * 1e6 / N_JOBS);
  printf ("  advance 1 day        %8.3f s\n", advance_s);
  printf ("  trigger due          %8.3f s   (%.3f us/job fired)\n",
          trigger_s, trigger_s * 1e6 / DAY_SECONDS);
  printf ("  total                %8.3f s   budget < %.0f s   %s\n",
          total_s, BUDGET_S, total_s < BUDGET_S ? "PASS" : "OVER");
  printf ("  GSequence baseline   %8.3f s   ratio %.1fx\n", baseline_s, total_s / baseline_s);
  printf ("  stop (remove %d)  %8.3f s   (not budgeted)\n", N_JOBS - DAY_SECONDS, stop_s);

  return EXIT_SUCCESS;
}
