/* test-trigger.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <hassbench.h>

#define SEC G_GINT64_CONSTANT (1000000)

/* 2024-06-01T07:00:00Z; an even number of seconds. */
#define T0 (G_GINT64_CONSTANT (1717225200) * SEC)

static gint64
utc_usec (int year,
          int month,
          int day,
          int hour,
          int minute,
          int second)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, second);

  return g_date_time_to_unix (dt) * SEC;
}

static char *
format_in_zone (GTimeZone *tz,
                gint64     usec)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S %z");
}

static GTimeZone *
zone_or_skip (const char *identifier)
{
  GTimeZone *tz = g_time_zone_new_identifier (identifier);

  if (tz == NULL)
    g_test_skip_printf ("time zone %s is not available", identifier);

  return tz;
}

static gint64
next_of (HbTrigger *trigger,
         gint64     prev,
         gint64     now)
{
  gint64 next = -1;

  g_assert_true (hb_trigger_next (trigger, prev, now, NULL, &next));
  return next;
}

static void
assert_error_contains (const GError *error,
                       GQuark        domain,
                       int           code,
                       const char   *substring)
{
  g_assert_error (error, domain, code);
  if (strstr (error->message, substring) == NULL)
    g_error ("message '%s' lacks '%s'", error->message, substring);
}

static void
test_after (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HbTrigger) trigger = hb_trigger_after (300, &error);
  g_autofree char *description = NULL;
  gint64 next = 0;

  g_assert_no_error (error);
  g_assert_cmpint (hb_trigger_get_kind (trigger), ==, HB_TRIGGER_AFTER);
  g_assert_false (hb_trigger_is_recurring (trigger));
  g_assert_cmpint (next_of (trigger, 0, T0), ==, T0 + 300 * SEC);
  /* Never repeats. */
  g_assert_false (hb_trigger_next (trigger, T0 + 300 * SEC, T0 + 300 * SEC, NULL, &next));

  description = hb_trigger_describe (trigger);
  g_assert_cmpstr (description, ==, "in 300s");
}

static void
test_after_rounding (void)
{
  struct {
    double seconds;
    gint64 now;
    gint64 expected;
  } cases[] = {
    { 0.5, T0, T0 },                      /* tie: T0 is even */
    { 1.5, T0, T0 + 2 * SEC },            /* tie: T0 + 1 is odd, up */
    { 2.5, T0, T0 + 2 * SEC },            /* tie: T0 + 2 is even, down */
    { 0.4, T0, T0 },
    { 0.6, T0, T0 + SEC },
    { 1.2, T0 + 300000, T0 + 2 * SEC },   /* T0 + 1.5: tie, up to even */
    { 1.0, T0 + 499999, T0 + SEC },
    { 1.0, T0 + 500001, T0 + 2 * SEC },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HbTrigger) trigger = hb_trigger_after (cases[i].seconds, &error);

      g_assert_no_error (error);
      g_test_message ("after %g at +%" G_GINT64_FORMAT "us", cases[i].seconds,
                      cases[i].now - T0);
      g_assert_cmpint (next_of (trigger, 0, cases[i].now), ==, cases[i].expected);
    }

  {
    g_autoptr(HbTrigger) trigger = hb_trigger_after (0.25, NULL);
    g_autofree char *description = hb_trigger_describe (trigger);
    g_assert_cmpstr (description, ==, "in 0.25s");
  }
}

static void
test_after_invalid (void)
{
  struct {
    double      seconds;
    const char *substring;
  } cases[] = {
    { 0, "Invalid delay: 0 seconds" },
    { -5, "Invalid delay: -5 seconds" },
    { NAN, "must be finite and greater than 0" },
    { INFINITY, "must be finite and greater than 0" },
    { 1e13, "at most" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HbTrigger) trigger = hb_trigger_after (cases[i].seconds, &error);

      g_assert_null (trigger);
      assert_error_contains (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT, cases[i].substring);
    }
}

static void
test_once (void)
{
  g_autoptr(HbTrigger) trigger = hb_trigger_once (T0 + 1234567);
  g_autoptr(HbTrigger) whole = hb_trigger_once (T0);
  g_autofree char *description = hb_trigger_describe (trigger);
  g_autofree char *whole_description = hb_trigger_describe (whole);
  gint64 next = 0;

  g_assert_cmpint (hb_trigger_get_kind (trigger), ==, HB_TRIGGER_ONCE);
  g_assert_false (hb_trigger_is_recurring (trigger));
  /* A past instant is still the fire time: it fires at the next trigger. */
  g_assert_cmpint (next_of (trigger, 0, T0 + 3600 * SEC), ==, T0 + 1234567);
  g_assert_false (hb_trigger_next (trigger, T0 + 1234567, T0 + 3600 * SEC, NULL, &next));
  g_assert_cmpstr (description, ==, "once at 2024-06-01T07:00:01.234567+00:00");
  g_assert_cmpstr (whole_description, ==, "once at 2024-06-01T07:00:00+00:00");
}

static void
test_every (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HbTrigger) trigger = hb_trigger_every (60, 0, &error);
  g_autofree char *description = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (hb_trigger_get_kind (trigger), ==, HB_TRIGGER_EVERY);
  g_assert_true (hb_trigger_is_recurring (trigger));
  /* No start: now + interval, not now. */
  g_assert_cmpint (next_of (trigger, 0, T0), ==, T0 + 60 * SEC);
  /* ...rounded to whole seconds. */
  g_assert_cmpint (next_of (trigger, 0, T0 + 700000), ==, T0 + 61 * SEC);
  /* Next: the first grid point after the previous fire strictly after now. */
  g_assert_cmpint (next_of (trigger, T0 + 60 * SEC, T0 + 60 * SEC), ==, T0 + 120 * SEC);
  g_assert_cmpint (next_of (trigger, T0 + 60 * SEC, T0 + 61 * SEC), ==, T0 + 120 * SEC);

  description = hb_trigger_describe (trigger);
  g_assert_cmpstr (description, ==, "every 60s");
}

static void
test_every_coalesces (void)
{
  g_autoptr(HbTrigger) trigger = hb_trigger_every (60, 0, NULL);

  /* Fired at T0+60, now T0+250: the ticks at 120, 180 and 240 are gone; one at 300. */
  g_assert_cmpint (next_of (trigger, T0 + 60 * SEC, T0 + 250 * SEC), ==, T0 + 300 * SEC);
  /* Now exactly on a grid point: strictly after it. */
  g_assert_cmpint (next_of (trigger, T0 + 60 * SEC, T0 + 240 * SEC), ==, T0 + 300 * SEC);
  /* A day late: still one tick. */
  g_assert_cmpint (next_of (trigger, T0, T0 + 86400 * SEC + 1), ==, T0 + 86460 * SEC);
}

static void
test_every_start (void)
{
  g_autoptr(HbTrigger) future = hb_trigger_every (60, T0 + 1000 * SEC, NULL);
  g_autoptr(HbTrigger) past = hb_trigger_every (60, T0 - 100 * SEC, NULL);
  g_autoptr(HbTrigger) fractional = hb_trigger_every (10, T0 + 2500000, NULL);
  g_autofree char *description = hb_trigger_describe (future);

  g_assert_cmpint (next_of (future, 0, T0), ==, T0 + 1000 * SEC);
  /* Start in the past: the first grid point start + k * interval strictly after now. */
  g_assert_cmpint (next_of (past, 0, T0), ==, T0 + 20 * SEC);
  g_assert_cmpint (next_of (past, 0, T0 + 20 * SEC), ==, T0 + 80 * SEC);
  /* The start is rounded to whole seconds (2.5 -> 2). */
  g_assert_cmpint (next_of (fractional, 0, T0), ==, T0 + 2 * SEC);
  g_assert_cmpint (next_of (fractional, 0, T0 + 3 * SEC), ==, T0 + 12 * SEC);

  g_assert_cmpstr (description, ==, "every 60s from 2024-06-01T07:16:40+00:00");
}

static void
test_every_invalid (void)
{
  struct {
    double      seconds;
    const char *substring;
  } cases[] = {
    { 0, "Invalid interval: 0 seconds" },
    { -60, "must be finite and greater than 0" },
    { NAN, "must be finite and greater than 0" },
    { INFINITY, "must be finite and greater than 0" },
    { 1.5, "must be a whole number of seconds" },
    { 0.5, "must be a whole number of seconds" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HbTrigger) trigger = hb_trigger_every (cases[i].seconds, 0, &error);

      g_assert_null (trigger);
      assert_error_contains (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT, cases[i].substring);
    }
}

static void
test_daily (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HbTrigger) trigger = hb_trigger_daily ("07:00", &error);
  g_autoptr(HbTrigger) with_seconds = hb_trigger_daily ("7:05:30", &error);
  g_autofree char *description = NULL;
  g_autofree char *seconds_description = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (hb_trigger_get_kind (trigger), ==, HB_TRIGGER_CRON);
  g_assert_true (hb_trigger_is_recurring (trigger));
  /* Strictly after now: at 07:00 sharp, the next one is tomorrow. */
  g_assert_cmpint (next_of (trigger, 0, T0), ==, T0 + 86400 * SEC);
  g_assert_cmpint (next_of (trigger, 0, T0 - 1), ==, T0);
  /* Missed days coalesce: from the last fire, after now. */
  g_assert_cmpint (next_of (trigger, T0, T0 + 3 * 86400 * SEC + 5), ==, T0 + 4 * 86400 * SEC);
  g_assert_cmpint (next_of (with_seconds, 0, T0), ==, T0 + 330 * SEC);

  description = hb_trigger_describe (trigger);
  seconds_description = hb_trigger_describe (with_seconds);
  g_assert_cmpstr (description, ==, "cron 0 7 * * *");
  g_assert_cmpstr (seconds_description, ==, "cron 5 7 * * * 30");
}

static void
test_daily_invalid (void)
{
  const char *cases[] = {
    "8am", "", "07", "25:00", "24:00", "07:60", "07:00:60", "07:00:00:00", "7:5", "07:00 ",
    "-1:00", "007:00",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HbTrigger) trigger = hb_trigger_daily (cases[i], &error);
      g_autofree char *quoted = g_strdup_printf ("Invalid time of day '%s'", cases[i]);

      g_test_message ("daily '%s'", cases[i]);
      g_assert_null (trigger);
      assert_error_contains (error, HB_ERROR, HB_ERROR_INVALID_TIME, quoted);
    }
}

static void
test_cron (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HbTrigger) trigger = hb_trigger_cron ("*/15 9-17 * * mon-fri", &error);
  g_autoptr(HbTrigger) copy = NULL;
  g_autofree char *description = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (hb_trigger_get_kind (trigger), ==, HB_TRIGGER_CRON);
  g_assert_true (hb_trigger_is_recurring (trigger));
  /* T0 is Saturday 07:00 UTC: next is Monday 09:00. */
  g_assert_cmpint (next_of (trigger, 0, T0), ==, utc_usec (2024, 6, 3, 9, 0, 0));
  /* next = first tick strictly after max(prev, now) */
  g_assert_cmpint (next_of (trigger, utc_usec (2024, 6, 3, 9, 0, 0),
                            utc_usec (2024, 6, 3, 9, 0, 0)), ==,
                   utc_usec (2024, 6, 3, 9, 15, 0));
  g_assert_cmpint (next_of (trigger, utc_usec (2024, 6, 3, 9, 0, 0),
                            utc_usec (2024, 6, 3, 11, 7, 0)), ==,
                   utc_usec (2024, 6, 3, 11, 15, 0));

  description = hb_trigger_describe (trigger);
  g_assert_cmpstr (description, ==, "cron */15 9-17 * * mon-fri");

  /* A boxed type. */
  copy = g_boxed_copy (HB_TYPE_TRIGGER, trigger);
  g_assert_true (copy == trigger);
  hb_trigger_unref (g_steal_pointer (&copy));
}

static void
test_cron_invalid (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HbTrigger) trigger = hb_trigger_cron ("0 25 * * *", &error);

  g_assert_null (trigger);
  assert_error_contains (error, HB_ERROR, HB_ERROR_INVALID_CRON,
                         "Invalid cron expression: hour: value '25' is out of range 0-23");
}

static void
test_cron_zone (void)
{
  g_autoptr(GTimeZone) berlin = zone_or_skip ("Europe/Berlin");
  g_autoptr(HbTrigger) trigger = hb_trigger_daily ("07:00", NULL);
  gint64 next = 0;

  if (berlin == NULL)
    return;

  /* 07:00 Berlin in summer is 05:00 UTC: from T0 (09:00 Berlin) the next is tomorrow. */
  g_assert_true (hb_trigger_next (trigger, 0, T0, berlin, &next));
  g_assert_cmpint (next, ==, utc_usec (2024, 6, 2, 5, 0, 0));
  /* NULL zone is UTC. */
  g_assert_true (hb_trigger_next (trigger, 0, T0 - 1, NULL, &next));
  g_assert_cmpint (next, ==, T0);
}

/* Fires of @trigger from @from while they are before @until, as "Y-m-d H:M:S +zzzz". */
static char *
fires_between (HbTrigger *trigger,
               GTimeZone *tz,
               gint64     from,
               gint64     until)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gint64 prev = 0;
  gint64 now = from;

  for (;;)
    {
      gint64 next = 0;
      g_autofree char *s = NULL;

      g_assert_true (hb_trigger_next (trigger, prev, now, tz, &next));
      g_assert_cmpint (next, >, now);
      if (next >= until)
        break;
      s = format_in_zone (tz, next);
      g_string_append_printf (out, "%s%s", out->len > 0 ? ", " : "", s);
      prev = now = next;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_dst_daily_berlin (void)
{
  g_autoptr(GTimeZone) berlin = zone_or_skip ("Europe/Berlin");
  g_autoptr(HbTrigger) daily = hb_trigger_daily ("02:30", NULL);
  g_autofree char *spring = NULL;
  g_autofree char *autumn = NULL;

  if (berlin == NULL)
    return;

  /* 2024-03-31: 02:00 CET -> 03:00 CEST. 02:30 does not exist: no fire that day. */
  spring = fires_between (daily, berlin, utc_usec (2024, 3, 29, 12, 0, 0),
                          utc_usec (2024, 4, 2, 0, 0, 0));
  g_assert_cmpstr (spring, ==,
                   "2024-03-30 02:30:00 +0100, 2024-04-01 02:30:00 +0200");

  /* 2024-10-27: 03:00 CEST -> 02:00 CET. 02:30 happens twice: one fire, the later. */
  autumn = fires_between (daily, berlin, utc_usec (2024, 10, 25, 12, 0, 0),
                          utc_usec (2024, 10, 29, 0, 0, 0));
  g_assert_cmpstr (autumn, ==,
                   "2024-10-26 02:30:00 +0200, 2024-10-27 02:30:00 +0100, "
                   "2024-10-28 02:30:00 +0100");
}

static void
test_dst_daily_new_york (void)
{
  g_autoptr(GTimeZone) ny = zone_or_skip ("America/New_York");
  g_autoptr(HbTrigger) skipped = hb_trigger_daily ("02:30", NULL);
  g_autoptr(HbTrigger) repeated = hb_trigger_daily ("01:30", NULL);
  g_autofree char *spring = NULL;
  g_autofree char *autumn = NULL;

  if (ny == NULL)
    return;

  /* 2024-03-10: 02:00 EST -> 03:00 EDT. */
  spring = fires_between (skipped, ny, utc_usec (2024, 3, 8, 17, 0, 0),
                          utc_usec (2024, 3, 12, 0, 0, 0));
  g_assert_cmpstr (spring, ==,
                   "2024-03-09 02:30:00 -0500, 2024-03-11 02:30:00 -0400");

  /* 2024-11-03: 02:00 EDT -> 01:00 EST. 01:30 fires once, at 01:30 EST (06:30 UTC). */
  autumn = fires_between (repeated, ny, utc_usec (2024, 11, 1, 17, 0, 0),
                          utc_usec (2024, 11, 5, 0, 0, 0));
  g_assert_cmpstr (autumn, ==,
                   "2024-11-02 01:30:00 -0400, 2024-11-03 01:30:00 -0500, "
                   "2024-11-04 01:30:00 -0500");
}

static void
test_dst_cron_berlin (void)
{
  g_autoptr(GTimeZone) berlin = zone_or_skip ("Europe/Berlin");
  g_autoptr(HbTrigger) cron = hb_trigger_cron ("*/30 1-3 * * *", NULL);
  g_autofree char *spring = NULL;
  g_autofree char *autumn = NULL;
  gint64 next = 0;

  if (berlin == NULL)
    return;

  spring = fires_between (cron, berlin, utc_usec (2024, 3, 30, 23, 0, 0),
                          utc_usec (2024, 3, 31, 6, 0, 0));
  g_assert_cmpstr (spring, ==,
                   "2024-03-31 01:00:00 +0100, 2024-03-31 01:30:00 +0100, "
                   "2024-03-31 03:00:00 +0200, 2024-03-31 03:30:00 +0200");

  /* The repeated hour fires once, on its second pass. */
  autumn = fires_between (cron, berlin, utc_usec (2024, 10, 26, 22, 0, 0),
                          utc_usec (2024, 10, 27, 6, 0, 0));
  g_assert_cmpstr (autumn, ==,
                   "2024-10-27 01:00:00 +0200, 2024-10-27 01:30:00 +0200, "
                   "2024-10-27 02:00:00 +0100, 2024-10-27 02:30:00 +0100, "
                   "2024-10-27 03:00:00 +0100, 2024-10-27 03:30:00 +0100");

  /* Now inside the first pass (02:40 CEST): 02:30 is still ahead, at its later pass. */
  {
    g_autoptr(HbTrigger) half_past_two = hb_trigger_cron ("30 2 * * *", NULL);
    g_autofree char *s = NULL;

    g_assert_true (hb_trigger_next (half_past_two, 0, utc_usec (2024, 10, 27, 0, 40, 0), berlin,
                                    &next));
    s = format_in_zone (berlin, next);
    g_assert_cmpstr (s, ==, "2024-10-27 02:30:00 +0100");
  }
}

static void
test_dst_cron_new_york (void)
{
  g_autoptr(GTimeZone) ny = zone_or_skip ("America/New_York");
  g_autoptr(HbTrigger) cron = hb_trigger_cron ("15 1,2 * * sun", NULL);
  g_autofree char *spring = NULL;
  g_autofree char *autumn = NULL;

  if (ny == NULL)
    return;

  /* Sunday 2024-03-10: 02:15 does not exist; 01:15 fires. */
  spring = fires_between (cron, ny, utc_usec (2024, 3, 9, 12, 0, 0),
                          utc_usec (2024, 3, 17, 0, 0, 0));
  g_assert_cmpstr (spring, ==, "2024-03-10 01:15:00 -0500");

  /* Sunday 2024-11-03: 01:15 twice (EDT, then EST): once, EST; 02:15 EST once. */
  autumn = fires_between (cron, ny, utc_usec (2024, 11, 2, 12, 0, 0),
                          utc_usec (2024, 11, 10, 0, 0, 0));
  g_assert_cmpstr (autumn, ==, "2024-11-03 01:15:00 -0500, 2024-11-03 02:15:00 -0500");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hassbench/trigger/after", test_after);
  g_test_add_func ("/hassbench/trigger/after-rounding", test_after_rounding);
  g_test_add_func ("/hassbench/trigger/after-invalid", test_after_invalid);
  g_test_add_func ("/hassbench/trigger/once", test_once);
  g_test_add_func ("/hassbench/trigger/every", test_every);
  g_test_add_func ("/hassbench/trigger/every-coalesces", test_every_coalesces);
  g_test_add_func ("/hassbench/trigger/every-start", test_every_start);
  g_test_add_func ("/hassbench/trigger/every-invalid", test_every_invalid);
  g_test_add_func ("/hassbench/trigger/daily", test_daily);
  g_test_add_func ("/hassbench/trigger/daily-invalid", test_daily_invalid);
  g_test_add_func ("/hassbench/trigger/cron", test_cron);
  g_test_add_func ("/hassbench/trigger/cron-invalid", test_cron_invalid);
  g_test_add_func ("/hassbench/trigger/cron-zone", test_cron_zone);
  g_test_add_func ("/hassbench/trigger/dst-daily-berlin", test_dst_daily_berlin);
  g_test_add_func ("/hassbench/trigger/dst-daily-new-york", test_dst_daily_new_york);
  g_test_add_func ("/hassbench/trigger/dst-cron-berlin", test_dst_cron_berlin);
  g_test_add_func ("/hassbench/trigger/dst-cron-new-york", test_dst_cron_new_york);

  return g_test_run ();
}
