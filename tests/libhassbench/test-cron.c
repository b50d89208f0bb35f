/* test-cron.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "hb-cron-private.h"
#include "hb-error.h"

#define SEC_USEC G_GINT64_CONSTANT (1000000)

static gint64
utc_usec (int year,
          int month,
          int day,
          int hour,
          int minute,
          int second)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, second);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static char *
format_utc (gint64 usec)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  return g_date_time_format (dt, "%Y-%m-%d %H:%M:%S");
}

static char *
format_in_zone (GTimeZone *tz,
                gint64     usec)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S %z");
}

static HbCron *
parse_ok (const char *expression)
{
  g_autoptr(GError) error = NULL;
  HbCron *cron = _hb_cron_new (expression, &error);

  g_assert_no_error (error);
  g_assert_nonnull (cron);
  return cron;
}

/* The next tick after @from in UTC, formatted. */
static char *
next_utc (const char *expression,
          gint64      from)
{
  g_autoptr(HbCron) cron = parse_ok (expression);
  gint64 next = 0;

  if (!_hb_cron_next (cron, NULL, from, &next))
    return g_strdup ("never");

  return format_utc (next);
}

static void
test_star_and_values (void)
{
  g_autoptr(HbCron) every_minute = parse_ok ("* * * * *");
  g_autoptr(HbCron) fixed = parse_ok ("30 7 1 6 *");
  g_autoptr(HbCron) zeros = parse_ok ("05 07 * * *");

  g_assert_false (_hb_cron_has_seconds (every_minute));
  g_assert_true (_hb_cron_matches (every_minute, 2024, 6, 1, 7, 13, 0));
  /* A 5-field expression ticks on second 0 only. */
  g_assert_false (_hb_cron_matches (every_minute, 2024, 6, 1, 7, 13, 1));

  g_assert_true (_hb_cron_matches (fixed, 2024, 6, 1, 7, 30, 0));
  g_assert_false (_hb_cron_matches (fixed, 2024, 6, 1, 7, 31, 0));
  g_assert_false (_hb_cron_matches (fixed, 2024, 6, 1, 8, 30, 0));
  g_assert_false (_hb_cron_matches (fixed, 2024, 6, 2, 7, 30, 0));
  g_assert_false (_hb_cron_matches (fixed, 2024, 7, 1, 7, 30, 0));
  /* Leading zeros are plain numbers. */
  g_assert_true (_hb_cron_matches (zeros, 2024, 1, 9, 7, 5, 0));
}

static void
test_ranges_steps_lists (void)
{
  g_autoptr(HbCron) range = parse_ok ("10-12 * * * *");
  g_autoptr(HbCron) star_step = parse_ok ("*/15 * * * *");
  g_autoptr(HbCron) range_step = parse_ok ("10-30/10 * * * *");
  g_autoptr(HbCron) value_step = parse_ok ("50/5 * * * *");
  g_autoptr(HbCron) list = parse_ok ("1,5,7-8,*/30 * * * *");
  g_autoptr(HbCron) hours = parse_ok ("0 */6 * * *");

  for (int m = 0; m < 60; m++)
    {
      g_assert_cmpint (_hb_cron_matches (range, 2024, 1, 1, 0, m, 0), ==, m >= 10 && m <= 12);
      g_assert_cmpint (_hb_cron_matches (star_step, 2024, 1, 1, 0, m, 0), ==, m % 15 == 0);
      g_assert_cmpint (_hb_cron_matches (range_step, 2024, 1, 1, 0, m, 0), ==,
                       m == 10 || m == 20 || m == 30);
      g_assert_cmpint (_hb_cron_matches (value_step, 2024, 1, 1, 0, m, 0), ==,
                       m == 50 || m == 55);
      g_assert_cmpint (_hb_cron_matches (list, 2024, 1, 1, 0, m, 0), ==,
                       m == 1 || m == 5 || m == 7 || m == 8 || m == 0 || m == 30);
    }
  for (int h = 0; h < 24; h++)
    g_assert_cmpint (_hb_cron_matches (hours, 2024, 1, 1, h, 0, 0), ==, h % 6 == 0);
}

static void
test_names (void)
{
  g_autoptr(HbCron) months = parse_ok ("0 0 1 jan,MAR-May,dec *");
  g_autoptr(HbCron) weekdays = parse_ok ("0 0 * * Mon-fri");
  g_autoptr(HbCron) weekend = parse_ok ("0 0 * * sat,SUN");

  for (int month = 1; month <= 12; month++)
    g_assert_cmpint (_hb_cron_matches (months, 2024, month, 1, 0, 0, 0), ==,
                     month == 1 || (month >= 3 && month <= 5) || month == 12);

  /* 2024-06-02 is a Sunday. */
  for (int day = 2; day <= 8; day++)
    {
      gboolean is_weekend = day == 2 || day == 8;
      g_assert_cmpint (_hb_cron_matches (weekdays, 2024, 6, day, 0, 0, 0), ==, !is_weekend);
      g_assert_cmpint (_hb_cron_matches (weekend, 2024, 6, day, 0, 0, 0), ==, is_weekend);
    }
}

static void
test_sunday_zero_and_seven (void)
{
  g_autoptr(HbCron) zero = parse_ok ("0 0 * * 0");
  g_autoptr(HbCron) seven = parse_ok ("0 0 * * 7");
  g_autoptr(HbCron) fri_to_sun = parse_ok ("0 0 * * 5-7");
  g_autoptr(HbCron) all_days_step = parse_ok ("0 0 * * */2");

  /* 2024-06-02 Sunday, 2024-06-03 Monday, 2024-06-07 Friday, 2024-06-08 Saturday */
  g_assert_true (_hb_cron_matches (zero, 2024, 6, 2, 0, 0, 0));
  g_assert_true (_hb_cron_matches (seven, 2024, 6, 2, 0, 0, 0));
  g_assert_false (_hb_cron_matches (seven, 2024, 6, 3, 0, 0, 0));
  g_assert_true (_hb_cron_matches (fri_to_sun, 2024, 6, 7, 0, 0, 0));
  g_assert_true (_hb_cron_matches (fri_to_sun, 2024, 6, 8, 0, 0, 0));
  g_assert_true (_hb_cron_matches (fri_to_sun, 2024, 6, 2, 0, 0, 0));
  g_assert_false (_hb_cron_matches (fri_to_sun, 2024, 6, 3, 0, 0, 0));
  /* A step over '*' runs over Sunday..Saturday: sun, tue, thu, sat. */
  g_assert_true (_hb_cron_matches (all_days_step, 2024, 6, 2, 0, 0, 0));
  g_assert_false (_hb_cron_matches (all_days_step, 2024, 6, 3, 0, 0, 0));
  g_assert_true (_hb_cron_matches (all_days_step, 2024, 6, 4, 0, 0, 0));
  g_assert_true (_hb_cron_matches (all_days_step, 2024, 6, 8, 0, 0, 0));
}

static void
test_day_either_rule (void)
{
  g_autoptr(HbCron) both = parse_ok ("0 0 13 * fri");
  g_autoptr(HbCron) dom_only = parse_ok ("0 0 13 * *");
  g_autoptr(HbCron) dow_only = parse_ok ("0 0 * * fri");
  g_autoptr(HbCron) step_dom = parse_ok ("0 0 */10 * mon");
  g_autoptr(HbCron) star_one = parse_ok ("0 0 */1 * mon");

  /* 2024-09-13 is a Friday; 2024-06-13 a Thursday; 2024-06-14 a Friday. */
  g_assert_true (_hb_cron_matches (both, 2024, 9, 13, 0, 0, 0));
  g_assert_true (_hb_cron_matches (both, 2024, 6, 13, 0, 0, 0));
  g_assert_true (_hb_cron_matches (both, 2024, 6, 14, 0, 0, 0));
  g_assert_false (_hb_cron_matches (both, 2024, 6, 15, 0, 0, 0));

  g_assert_true (_hb_cron_matches (dom_only, 2024, 6, 13, 0, 0, 0));
  g_assert_false (_hb_cron_matches (dom_only, 2024, 6, 14, 0, 0, 0));
  g_assert_false (_hb_cron_matches (dow_only, 2024, 6, 13, 0, 0, 0));
  g_assert_true (_hb_cron_matches (dow_only, 2024, 6, 14, 0, 0, 0));

  /* '*' + '/10' restricts the day of month: days 1, 11, 21, 31 OR Mondays (2024-06-03). */
  g_assert_true (_hb_cron_matches (step_dom, 2024, 6, 11, 0, 0, 0));
  g_assert_true (_hb_cron_matches (step_dom, 2024, 6, 3, 0, 0, 0));
  g_assert_false (_hb_cron_matches (step_dom, 2024, 6, 4, 0, 0, 0));
  /* '*' + '/1' does not: Mondays only. */
  g_assert_true (_hb_cron_matches (star_one, 2024, 6, 3, 0, 0, 0));
  g_assert_false (_hb_cron_matches (star_one, 2024, 6, 4, 0, 0, 0));

  {
    g_autofree char *s = next_utc ("0 0 13 * fri", utc_usec (2024, 6, 10, 0, 0, 0));
    g_assert_cmpstr (s, ==, "2024-06-13 00:00:00");
  }
  {
    g_autofree char *s = next_utc ("0 0 13 * fri", utc_usec (2024, 6, 13, 0, 0, 0));
    g_assert_cmpstr (s, ==, "2024-06-14 00:00:00");
  }
}

static void
test_seconds_field_last (void)
{
  g_autoptr(HbCron) cron = parse_ok ("0 7 * * * 30");
  g_autoptr(HbCron) every_10s = parse_ok ("* * * * * */10");

  g_assert_true (_hb_cron_has_seconds (cron));
  g_assert_true (_hb_cron_matches (cron, 2024, 6, 1, 7, 0, 30));
  g_assert_false (_hb_cron_matches (cron, 2024, 6, 1, 7, 0, 0));
  g_assert_false (_hb_cron_matches (cron, 2024, 6, 1, 7, 30, 0));

  {
    g_autofree char *s = next_utc ("* * * * * */10", utc_usec (2024, 6, 1, 7, 0, 55));
    g_assert_cmpstr (s, ==, "2024-06-01 07:01:00");
  }
  {
    g_autofree char *s = next_utc ("* * * * * */10", utc_usec (2024, 6, 1, 7, 0, 0) + 1);
    g_assert_cmpstr (s, ==, "2024-06-01 07:00:10");
  }
  g_assert_true (_hb_cron_matches (every_10s, 2024, 6, 1, 7, 0, 20));
}

static void
test_expression_normalised (void)
{
  g_autoptr(HbCron) cron = parse_ok ("  0\t7   * *  *  ");
  g_autoptr(HbCron) daily = _hb_cron_new_daily (7, 5, 0, FALSE);
  g_autoptr(HbCron) daily_seconds = _hb_cron_new_daily (7, 5, 9, TRUE);

  g_assert_cmpstr (_hb_cron_get_expression (cron), ==, "0 7 * * *");
  g_assert_cmpstr (_hb_cron_get_expression (daily), ==, "5 7 * * *");
  g_assert_cmpstr (_hb_cron_get_expression (daily_seconds), ==, "5 7 * * * 9");
  g_assert_true (_hb_cron_matches (daily_seconds, 2030, 2, 3, 7, 5, 9));
  g_assert_false (_hb_cron_matches (daily_seconds, 2030, 2, 3, 7, 5, 0));
}

static void
test_next_utc (void)
{
  gint64 t0 = utc_usec (2024, 6, 1, 7, 0, 0);
  struct {
    const char *expression;
    gint64      from;
    const char *expected;
  } cases[] = {
    /* strictly after: a tick exactly at now is not next */
    { "0 7 * * *", t0, "2024-06-02 07:00:00" },
    { "0 7 * * *", t0 - 1, "2024-06-01 07:00:00" },
    { "* * * * *", t0, "2024-06-01 07:01:00" },
    { "* * * * *", t0 + 500000, "2024-06-01 07:01:00" },
    /* year wrap */
    { "0 0 1 1 *", t0, "2025-01-01 00:00:00" },
    /* leap day: next Feb 29 after mid-2024 is in 2028 */
    { "0 12 29 2 *", t0, "2028-02-29 12:00:00" },
    /* 31st skips short months */
    { "0 0 31 * *", t0, "2024-07-31 00:00:00" },
    { "59 23 31 12 *", t0, "2024-12-31 23:59:00" },
    /* Monday 09:30 */
    { "30 9 * * mon", t0, "2024-06-03 09:30:00" },
    /* last minute of the day rolls the day */
    { "0 0 * * *", utc_usec (2024, 2, 28, 23, 59, 59), "2024-02-29 00:00:00" },
    /* 2100 is not a leap year */
    { "0 0 29 2 *", utc_usec (2096, 3, 1, 0, 0, 0), "2104-02-29 00:00:00" },
    /* hour rollover when the minute set is exhausted */
    { "15,45 */2 * * *", utc_usec (2024, 6, 1, 6, 50, 0), "2024-06-01 08:15:00" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *got = next_utc (cases[i].expression, cases[i].from);
      g_test_message ("%s", cases[i].expression);
      g_assert_cmpstr (got, ==, cases[i].expected);
    }
}

/* Cross-check against a minute-by-minute scan of the matcher, in UTC. */
static void
test_next_matches_scan (void)
{
  const char *expressions[] = {
    "*/7 * * * *", "0 */5 * * *", "30 1 * * 1-5", "0 0 1,15 * *", "5 4 * * sun",
    "0 22 * * 1-5", "23 0-20/2 * * *", "0 0 13 * fri", "15 14 1 * *", "0 9 * jun,jul sat",
  };
  gint64 from = utc_usec (2024, 5, 30, 22, 17, 0);

  for (guint i = 0; i < G_N_ELEMENTS (expressions); i++)
    {
      g_autoptr(HbCron) cron = parse_ok (expressions[i]);
      gint64 t = from;

      for (int step = 0; step < 20; step++)
        {
          gint64 next = 0;
          gint64 scan = t / G_USEC_PER_SEC;
          g_autoptr(GDateTime) dt = NULL;

          g_assert_true (_hb_cron_next (cron, NULL, t, &next));

          /* The scan: first whole minute after t that matches. */
          scan = (scan / 60 + 1) * 60;
          for (;; scan += 60)
            {
              g_clear_pointer (&dt, g_date_time_unref);
              dt = g_date_time_new_from_unix_utc (scan);
              if (_hb_cron_matches (cron, g_date_time_get_year (dt), g_date_time_get_month (dt),
                                    g_date_time_get_day_of_month (dt), g_date_time_get_hour (dt),
                                    g_date_time_get_minute (dt), 0))
                break;
            }
          g_assert_cmpint (next, ==, scan * G_USEC_PER_SEC);
          t = next;
        }
    }
}

static void
test_wall_conversion (void)
{
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  gint64 usec = 0;
  int y, mo, d, h, mi, s, wd;

  if (berlin == NULL)
    {
      g_test_skip ("Europe/Berlin is not available");
      return;
    }

  /* 2024-03-31 02:30 does not exist in Berlin. */
  g_assert_false (_hb_wall_to_usec (berlin, 2024, 3, 31, 2, 30, 0, &usec));
  g_assert_true (_hb_wall_to_usec (berlin, 2024, 3, 31, 3, 0, 0, &usec));
  g_assert_cmpint (usec, ==, utc_usec (2024, 3, 31, 1, 0, 0));
  /* 2024-10-27 02:30 happens twice: the later one (CET, 01:30 UTC) wins. */
  g_assert_true (_hb_wall_to_usec (berlin, 2024, 10, 27, 2, 30, 0, &usec));
  g_assert_cmpint (usec, ==, utc_usec (2024, 10, 27, 1, 30, 0));
  /* Plain summer time. */
  g_assert_true (_hb_wall_to_usec (berlin, 2024, 6, 1, 9, 0, 0, &usec));
  g_assert_cmpint (usec, ==, utc_usec (2024, 6, 1, 7, 0, 0));

  _hb_usec_to_wall (berlin, utc_usec (2024, 10, 27, 0, 30, 0) + 999999,
                    &y, &mo, &d, &h, &mi, &s, &wd);
  g_assert_cmpint (y, ==, 2024);
  g_assert_cmpint (mo, ==, 10);
  g_assert_cmpint (d, ==, 27);
  g_assert_cmpint (h, ==, 2);
  g_assert_cmpint (mi, ==, 30);
  g_assert_cmpint (s, ==, 0);
  g_assert_cmpint (wd, ==, 0);

  /* Before the epoch, UTC. */
  _hb_usec_to_wall (NULL, -1, &y, &mo, &d, &h, &mi, &s, &wd);
  g_assert_cmpint (y, ==, 1969);
  g_assert_cmpint (mo, ==, 12);
  g_assert_cmpint (d, ==, 31);
  g_assert_cmpint (h, ==, 23);
  g_assert_cmpint (mi, ==, 59);
  g_assert_cmpint (s, ==, 59);
  g_assert_cmpint (wd, ==, 3);
}

static void
test_next_dst_berlin (void)
{
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr(HbCron) half_past_two = parse_ok ("30 2 * * *");
  g_autoptr(HbCron) every_30min = parse_ok ("*/30 * * * *");
  gint64 next = 0;
  gint64 t;

  if (berlin == NULL)
    {
      g_test_skip ("Europe/Berlin is not available");
      return;
    }

  /* Spring forward (2024-03-31 02:00 CET -> 03:00 CEST): 02:30 does not exist on the
   * 31st, so from Saturday noon the next tick is Monday 02:30 CEST. */
  t = utc_usec (2024, 3, 30, 12, 0, 0);
  g_assert_true (_hb_cron_next (half_past_two, berlin, t, &next));
  {
    g_autofree char *s = format_in_zone (berlin, next);
    g_assert_cmpstr (s, ==, "2024-04-01 02:30:00 +0200");
  }

  /* Every 30 minutes across the gap: 01:30 CET, then 03:00 CEST. */
  t = utc_usec (2024, 3, 31, 0, 30, 0); /* 01:30 CET */
  g_assert_true (_hb_cron_next (every_30min, berlin, t, &next));
  {
    g_autofree char *s = format_in_zone (berlin, next);
    g_assert_cmpstr (s, ==, "2024-03-31 03:00:00 +0200");
  }

  /* Fall back (2024-10-27 03:00 CEST -> 02:00 CET): 02:30 fires once, at 02:30 CET. */
  t = utc_usec (2024, 10, 26, 12, 0, 0);
  g_assert_true (_hb_cron_next (half_past_two, berlin, t, &next));
  g_assert_cmpint (next, ==, utc_usec (2024, 10, 27, 1, 30, 0));
  g_assert_true (_hb_cron_next (half_past_two, berlin, next, &next));
  g_assert_cmpint (next, ==, utc_usec (2024, 10, 28, 1, 30, 0));

  /* From inside the first pass (02:45 CEST), the repeated 02:30 still lies ahead. */
  t = utc_usec (2024, 10, 27, 0, 45, 0);
  g_assert_true (_hb_cron_next (half_past_two, berlin, t, &next));
  g_assert_cmpint (next, ==, utc_usec (2024, 10, 27, 1, 30, 0));

  /* Every 30 minutes: the repeated hour fires at its later pass only. */
  t = utc_usec (2024, 10, 26, 23, 30, 0); /* 01:30 CEST */
  g_assert_true (_hb_cron_next (every_30min, berlin, t, &next));
  g_assert_cmpint (next, ==, utc_usec (2024, 10, 27, 1, 0, 0)); /* 02:00 CET */
  g_assert_true (_hb_cron_next (every_30min, berlin, next, &next));
  g_assert_cmpint (next, ==, utc_usec (2024, 10, 27, 1, 30, 0)); /* 02:30 CET */
  g_assert_true (_hb_cron_next (every_30min, berlin, next, &next));
  g_assert_cmpint (next, ==, utc_usec (2024, 10, 27, 2, 0, 0)); /* 03:00 CET */
}

static void
test_next_every_second_across_gap (void)
{
  g_autoptr(GTimeZone) ny = g_time_zone_new_identifier ("America/New_York");
  g_autoptr(HbCron) every_second = parse_ok ("* * * * * *");
  gint64 next = 0;

  if (ny == NULL)
    {
      g_test_skip ("America/New_York is not available");
      return;
    }

  /* 2024-03-10 01:59:59 EST -> 03:00:00 EDT; the search jumps the gap, no per-second scan. */
  g_assert_true (_hb_cron_next (every_second, ny, utc_usec (2024, 3, 10, 6, 59, 59), &next));
  g_assert_cmpint (next, ==, utc_usec (2024, 3, 10, 7, 0, 0));
  {
    g_autofree char *s = format_in_zone (ny, next);
    g_assert_cmpstr (s, ==, "2024-03-10 03:00:00 -0400");
  }
}

/* Brute force across DST transitions: an instant is a tick when its wall time matches
 * and it is the latest instant with that wall time. */
static void
test_next_matches_scan_in_zones (void)
{
  const char *zones[] = { "Europe/Berlin", "America/New_York" };
  const char *expressions[] = {
    "*/20 * * * *", "30 2 * * *", "0 1-3 * * *", "15,45 1,2 * * sun", "0 * * * *",
    "59 1 * * *", "0 3 * * *",
  };
  /* Shortly before each zone's 2024 transitions. */
  gint64 starts[] = {
    utc_usec (2024, 3, 30, 20, 0, 0), utc_usec (2024, 10, 26, 20, 0, 0),
    utc_usec (2024, 3, 9, 20, 0, 0), utc_usec (2024, 11, 2, 20, 0, 0),
  };

  for (guint z = 0; z < G_N_ELEMENTS (zones); z++)
    {
      g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (zones[z]);

      if (tz == NULL)
        {
          g_test_skip ("time zone data missing");
          return;
        }

      for (guint e = 0; e < G_N_ELEMENTS (expressions); e++)
        {
          g_autoptr(HbCron) cron = parse_ok (expressions[e]);

          for (guint s = 2 * z; s < 2 * z + 2; s++)
            {
              gint64 t = starts[s];

              for (int step = 0; step < 12; step++)
                {
                  gint64 next = 0;
                  gint64 scan;

                  g_assert_true (_hb_cron_next (cron, tz, t, &next));

                  for (scan = (t / SEC_USEC / 60 + 1) * 60; ; scan += 60)
                    {
                      int y, mo, d, h, mi, sec;
                      gint64 back = 0;

                      _hb_usec_to_wall (tz, scan * SEC_USEC, &y, &mo, &d, &h, &mi, &sec, NULL);
                      if (_hb_cron_matches (cron, y, mo, d, h, mi, sec) &&
                          _hb_wall_to_usec (tz, y, mo, d, h, mi, sec, &back) &&
                          back == scan * SEC_USEC)
                        break;
                    }

                  if (next != scan * SEC_USEC)
                    {
                      g_autofree char *got = format_in_zone (tz, next);
                      g_autofree char *want = format_in_zone (tz, scan * SEC_USEC);
                      g_error ("%s in %s: got %s, scan says %s", expressions[e], zones[z],
                               got, want);
                    }
                  t = next;
                }
            }
        }
    }
}

static void
test_never (void)
{
  g_autoptr(HbCron) cron = parse_ok ("0 0 30 1,2 *");
  g_autoptr(HbCron) feb29 = parse_ok ("0 0 29 2 *");
  gint64 next = 0;

  /* Only January has a 30th here; fine. */
  g_assert_true (_hb_cron_next (cron, NULL, utc_usec (2024, 1, 31, 0, 0, 0), &next));
  g_assert_cmpint (next, ==, utc_usec (2025, 1, 30, 0, 0, 0));
  g_assert_true (_hb_cron_next (feb29, NULL, utc_usec (2024, 3, 1, 0, 0, 0), &next));
  g_assert_cmpint (next, ==, utc_usec (2028, 2, 29, 0, 0, 0));
}

static void
test_errors (void)
{
  struct {
    const char *expression;
    const char *substring;
  } cases[] = {
    { "", "expected 5 fields" },
    { "* * * *", "got 4" },
    { "* * * * * * *", "got 7" },
    { "60 * * * *", "minute: value '60' is out of range 0-59" },
    { "* 24 * * *", "hour: value '24' is out of range 0-23" },
    { "* * 0 * *", "day-of-month: value '0' is out of range 1-31" },
    { "* * 32 * *", "day-of-month: value '32' is out of range 1-31" },
    { "* * * 13 *", "month: value '13' is out of range 1-12" },
    { "* * * 0 *", "month: value '0' is out of range 1-12" },
    { "* * * * 8", "day-of-week: value '8' is out of range 0-7" },
    { "* * * * * 60", "second: value '60' is out of range 0-59" },
    { "*/0 * * * *", "minute: step 0 in '*/0'" },
    { "*/ * * * *", "minute: missing step after '/' in '*/'" },
    { "*/x * * * *", "minute: step in '*/x' is not a number" },
    { "* */25 * * *", "hour: step in '*/25' is larger than the field's range 0-23" },
    { "* 5-1 * * *", "hour: range '5-1' is reversed" },
    { "* * * foo *", "month: unknown name 'foo'" },
    { "* * * * funday", "day-of-week: unknown name 'funday'" },
    { "* mon * * *", "hour: 'mon' is not a number" },
    { "1x * * * *", "minute: '1x' is not a number" },
    { "1,,2 * * * *", "minute: empty item in list '1,,2'" },
    { "1, * * * *", "minute: empty item in list '1,'" },
    { "* * L * *", "day-of-month: 'L' is not supported" },
    { "* * 15W * *", "day-of-month: '15W' is not supported" },
    { "* * * * 5L", "day-of-week: '5L' is not supported" },
    { "* * ? * *", "day-of-month: '?' in '?' is not supported" },
    { "* * * * 5#3", "day-of-week: '#' in '5#3' is not supported" },
    { "* * * * mon+", "day-of-week: unexpected character '+'" },
    { "-5 * * * *", "minute: missing value" },
    { "5- * * * *", "minute: missing value" },
    { "0 0 31 2,4 *", "day-of-month: day 31 never occurs in the allowed months" },
    { "0 0 30 feb *", "day-of-month: day 30 never occurs" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(HbCron) cron = _hb_cron_new (cases[i].expression, &error);

      g_test_message ("'%s'", cases[i].expression);
      g_assert_null (cron);
      g_assert_error (error, HB_ERROR, HB_ERROR_INVALID_CRON);
      g_assert_true (g_str_has_prefix (error->message, "Invalid cron expression: "));
      if (strstr (error->message, cases[i].substring) == NULL)
        g_error ("'%s': message '%s' lacks '%s'", cases[i].expression, error->message,
                 cases[i].substring);
      /* The expression itself is named. */
      if (cases[i].expression[0] != '\0')
        g_assert_nonnull (strstr (error->message, "(in '"));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hassbench/cron/star-and-values", test_star_and_values);
  g_test_add_func ("/hassbench/cron/ranges-steps-lists", test_ranges_steps_lists);
  g_test_add_func ("/hassbench/cron/names", test_names);
  g_test_add_func ("/hassbench/cron/sunday-zero-and-seven", test_sunday_zero_and_seven);
  g_test_add_func ("/hassbench/cron/day-either-rule", test_day_either_rule);
  g_test_add_func ("/hassbench/cron/seconds-field-last", test_seconds_field_last);
  g_test_add_func ("/hassbench/cron/expression-normalised", test_expression_normalised);
  g_test_add_func ("/hassbench/cron/next-utc", test_next_utc);
  g_test_add_func ("/hassbench/cron/next-matches-scan", test_next_matches_scan);
  g_test_add_func ("/hassbench/cron/wall-conversion", test_wall_conversion);
  g_test_add_func ("/hassbench/cron/next-dst-berlin", test_next_dst_berlin);
  g_test_add_func ("/hassbench/cron/next-every-second-across-gap",
                   test_next_every_second_across_gap);
  g_test_add_func ("/hassbench/cron/next-matches-scan-in-zones",
                   test_next_matches_scan_in_zones);
  g_test_add_func ("/hassbench/cron/never", test_never);
  g_test_add_func ("/hassbench/cron/errors", test_errors);

  return g_test_run ();
}
