/* bench-harness-lifecycle.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <hassbench.h>

/* Budget (ARCHITECTURE.md §5): harness create + start + stop (+ free) with an empty app
 * in at most 100 us. Baseline: g_object_new + g_object_unref of a plain GObject, in the
 * same run. The figures are information, never a failure. */

#define N_BATCHES     21
#define BATCH_SIZE    500
#define BASELINE_SIZE 100000
#define BUDGET_US     100.0

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

#define BENCH_TYPE_PLAIN (bench_plain_get_type ())
G_DECLARE_FINAL_TYPE (BenchPlain, bench_plain, BENCH, PLAIN, GObject)

struct _BenchPlain { GObject parent_instance; };
G_DEFINE_FINAL_TYPE (BenchPlain, bench_plain, G_TYPE_OBJECT)

static void
bench_plain_class_init (BenchPlainClass *klass)
{
}

static void
bench_plain_init (BenchPlain *self)
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
  fprintf (stderr, "bench-harness-lifecycle: %s: %s\n", what,
           error ? error->message : "failed");
  exit (EXIT_FAILURE);
}

static void
one_lifecycle (void)
{
  g_autoptr(GError) error = NULL;
  HbHarness *harness = hb_harness_new (BENCH_TYPE_EMPTY_APP, NULL);

  if (!hb_harness_start (harness, &error))
    fail ("start", error);
  if (!hb_harness_is_running (harness))
    fail ("not running after start", NULL);
  if (!hb_harness_stop (harness, &error))
    fail ("stop", error);
  g_object_unref (harness);
}

int
main (int   argc,
      char *argv[])
{
  double harness_ns[N_BATCHES];
  double plain_ns[N_BATCHES];
  double harness_median;
  double plain_median;

  /* warm-up: class init, type registration, first allocations */
  for (guint i = 0; i < 50; i++)
    one_lifecycle ();

  for (guint b = 0; b < N_BATCHES; b++)
    {
      gint64 start = g_get_monotonic_time ();

      for (guint i = 0; i < BATCH_SIZE; i++)
        one_lifecycle ();
      harness_ns[b] = (g_get_monotonic_time () - start) * 1000.0 / BATCH_SIZE;

      start = g_get_monotonic_time ();
      for (guint i = 0; i < BASELINE_SIZE; i++)
        g_object_unref (g_object_new (BENCH_TYPE_PLAIN, NULL));
      plain_ns[b] = (g_get_monotonic_time () - start) * 1000.0 / BASELINE_SIZE;
    }

  harness_median = median (harness_ns, N_BATCHES);
  plain_median = median (plain_ns, N_BATCHES);

  printf ("bench-harness-lifecycle: create + start + stop + free, empty app "
          "(median of %d batches x %d)\n", N_BATCHES, BATCH_SIZE);
  printf ("  harness lifecycle       %10.3f us   budget <= %.0f us   %s\n",
          harness_median / 1000.0, BUDGET_US,
          harness_median / 1000.0 <= BUDGET_US ? "PASS" : "OVER");
  printf ("  g_object_new + unref    %10.3f us   (baseline)\n", plain_median / 1000.0);
  printf ("  ratio                   %10.1fx\n", harness_median / plain_median);

  return EXIT_SUCCESS;
}
