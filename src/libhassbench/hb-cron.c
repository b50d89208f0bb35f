/* hb-cron.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "hb-cron-private.h"
#include "hb-error.h"

#define SECONDS_PER_DAY G_GINT64_CONSTANT (86400)

/* How far ahead a search may look. Any satisfiable expression fires within 8 years
 * (Feb 29 skips at most one leap year); anything beyond is "never". */
#define SEARCH_HORIZON_YEARS 9

/* Bound on the candidates tried in one search; only reached by a broken time zone. */
#define MAX_CANDIDATES 100000

typedef enum {
  FIELD_MINUTE,
  FIELD_HOUR,
  FIELD_DAY_OF_MONTH,
  FIELD_MONTH,
  FIELD_DAY_OF_WEEK,
  FIELD_SECOND,
  N_FIELDS
} FieldId;

typedef struct {
  const char         *name;
  int                 min;
  int                 max;    /* largest value accepted in the text (7 for weekdays) */
  const char * const *names;  /* names for min, min + 1, ... or NULL */
} FieldInfo;

static const char * const month_names[] = {
  "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec", NULL
};

static const char * const weekday_names[] = {
  "sun", "mon", "tue", "wed", "thu", "fri", "sat", NULL
};

static const FieldInfo fields[N_FIELDS] = {
  [FIELD_MINUTE] = { "minute", 0, 59, NULL },
  [FIELD_HOUR] = { "hour", 0, 23, NULL },
  [FIELD_DAY_OF_MONTH] = { "day-of-month", 1, 31, NULL },
  [FIELD_MONTH] = { "month", 1, 12, month_names },
  [FIELD_DAY_OF_WEEK] = { "day-of-week", 0, 7, weekday_names },
  [FIELD_SECOND] = { "second", 0, 59, NULL },
};

struct _HbCron
{
  /* Bit n set = value n allowed. Weekday 7 is folded into 0. */
  guint64   masks[N_FIELDS];
  guint     dom_restricted : 1;
  guint     dow_restricted : 1;
  guint     has_seconds : 1;
  char     *expression;
};

static GTimeZone *
utc_zone (void)
{
  static GTimeZone *utc;

  if (g_once_init_enter (&utc))
    g_once_init_leave (&utc, g_time_zone_new_utc ());

  return utc;
}

/*
 * Parsing
 */

static gboolean
set_field_error (GError          **error,
                 const FieldInfo  *info,
                 const char       *expression,
                 const char       *format,
                 ...) G_GNUC_PRINTF (4, 5);

static gboolean
set_field_error (GError          **error,
                 const FieldInfo  *info,
                 const char       *expression,
                 const char       *format,
                 ...)
{
  g_autofree char *why = NULL;
  va_list args;

  va_start (args, format);
  why = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, HB_ERROR, HB_ERROR_INVALID_CRON,
               "Invalid cron expression: %s: %s (in '%s')", info->name, why, expression);
  return FALSE;
}

/* Quartz-style day extensions: "L", "LW", "15W", "5L". */
static gboolean
is_extension (const char *word)
{
  const char *p = word;

  while (g_ascii_isdigit (*p))
    p++;

  return g_ascii_strcasecmp (p, "L") == 0 || g_ascii_strcasecmp (p, "W") == 0 ||
         g_ascii_strcasecmp (p, "LW") == 0;
}

/* A number (digits only) or, where the field has names, a three-letter name. */
static gboolean
parse_value (const FieldInfo  *info,
             const char       *expression,
             const char       *text,
             gsize             len,
             int              *value,
             GError          **error)
{
  g_autofree char *word = g_strndup (text, len);

  if (len == 0)
    return set_field_error (error, info, expression, "missing value");

  if (is_extension (word))
    return set_field_error (error, info, expression, "'%s' is not supported", word);

  if (g_ascii_isdigit (text[0]))
    {
      guint64 parsed = 0;

      for (gsize i = 0; i < len; i++)
        {
          if (!g_ascii_isdigit (text[i]))
            return set_field_error (error, info, expression, "'%s' is not a number", word);
          parsed = parsed * 10 + (guint64) (text[i] - '0');
          if (parsed > 1000)
            break;
        }

      if (parsed < (guint64) info->min || parsed > (guint64) info->max)
        return set_field_error (error, info, expression, "value '%s' is out of range %d-%d",
                                word, info->min, info->max);

      *value = (int) parsed;
      return TRUE;
    }

  if (info->names != NULL)
    {
      for (int i = 0; info->names[i] != NULL; i++)
        {
          if (len == 3 && g_ascii_strncasecmp (text, info->names[i], 3) == 0)
            {
              *value = info->min + i;
              return TRUE;
            }
        }
      return set_field_error (error, info, expression, "unknown name '%s'", word);
    }

  return set_field_error (error, info, expression, "'%s' is not a number", word);
}

static gboolean
parse_item (const FieldInfo  *info,
            const char       *expression,
            const char       *item,
            guint64          *mask,
            gboolean         *unrestricted,
            GError          **error)
{
  const char *slash = strchr (item, '/');
  gsize base_len = slash != NULL ? (gsize) (slash - item) : strlen (item);
  const char *dash;
  int lo;
  int hi;
  int step = 1;
  gboolean star = FALSE;

  if (slash != NULL)
    {
      const char *s = slash + 1;
      guint64 parsed = 0;
      int span = info->max - info->min + 1;

      if (*s == '\0')
        return set_field_error (error, info, expression, "missing step after '/' in '%s'", item);
      for (; *s != '\0'; s++)
        {
          if (!g_ascii_isdigit (*s))
            return set_field_error (error, info, expression, "step in '%s' is not a number",
                                    item);
          parsed = parsed * 10 + (guint64) (*s - '0');
          if (parsed > 1000)
            break;
        }
      if (parsed == 0)
        return set_field_error (error, info, expression, "step 0 in '%s' (must be >= 1)", item);
      if (parsed > (guint64) span)
        return set_field_error (error, info, expression,
                                "step in '%s' is larger than the field's range %d-%d",
                                item, info->min, info->max);
      step = (int) parsed;
    }

  dash = memchr (item, '-', base_len);

  if (base_len == 1 && item[0] == '*')
    {
      star = TRUE;
      lo = info->min;
      hi = info->max;
      /* Weekday 7 is an alias; '*' means 0-6, so a step runs over real days only. */
      if (info->names == weekday_names)
        hi = 6;
    }
  else if (dash != NULL)
    {
      if (!parse_value (info, expression, item, (gsize) (dash - item), &lo, error) ||
          !parse_value (info, expression, dash + 1, base_len - (gsize) (dash - item) - 1, &hi,
                        error))
        return FALSE;
      if (hi < lo)
        {
          g_autofree char *range = g_strndup (item, base_len);
          return set_field_error (error, info, expression, "range '%s' is reversed", range);
        }
    }
  else
    {
      if (!parse_value (info, expression, item, base_len, &lo, error))
        return FALSE;
      /* "a/n": from a to the end of the field, every n */
      hi = slash != NULL ? info->max : lo;
      if (slash != NULL && info->names == weekday_names)
        hi = 6;
    }

  for (int v = lo; v <= hi; v += step)
    {
      int bit = (info->names == weekday_names && v == 7) ? 0 : v;
      *mask |= G_GUINT64_CONSTANT (1) << bit;
    }

  *unrestricted = star && step == 1;

  return TRUE;
}

static gboolean
parse_field (const FieldInfo  *info,
             const char       *expression,
             const char       *text,
             guint64          *mask,
             gboolean         *restricted,
             GError          **error)
{
  g_auto(GStrv) items = NULL;
  guint n_items;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && strchr ("*,-/", *p) == NULL)
        {
          if (strchr ("?#", *p) != NULL)
            return set_field_error (error, info, expression, "'%c' in '%s' is not supported",
                                    *p, text);
          return set_field_error (error, info, expression,
                                  "unexpected character '%c' in '%s'", *p, text);
        }
    }

  items = g_strsplit (text, ",", -1);
  n_items = g_strv_length (items);
  *mask = 0;
  *restricted = TRUE;

  for (guint i = 0; i < n_items; i++)
    {
      gboolean unrestricted = FALSE;

      if (items[i][0] == '\0')
        return set_field_error (error, info, expression, "empty item in list '%s'", text);
      if (!parse_item (info, expression, items[i], mask, &unrestricted, error))
        return FALSE;
      if (unrestricted && n_items == 1)
        *restricted = FALSE;
    }

  return TRUE;
}

static int
days_in_month (int year,
               int month)
{
  static const int days[] = { 0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0))
    return 29;

  return days[month];
}

/* With only the day of month restricted, some allowed month must be long enough. */
static gboolean
check_days_can_occur (HbCron      *self,
                      GError     **error)
{
  int first_day;

  if (!self->dom_restricted || self->dow_restricted)
    return TRUE;

  first_day = __builtin_ctzll (self->masks[FIELD_DAY_OF_MONTH]);

  for (int month = 1; month <= 12; month++)
    {
      /* Leap-year lengths: Feb 29 does occur. */
      if ((self->masks[FIELD_MONTH] & (G_GUINT64_CONSTANT (1) << month)) != 0 &&
          days_in_month (2000, month) >= first_day)
        return TRUE;
    }

  return set_field_error (error, &fields[FIELD_DAY_OF_MONTH], self->expression,
                          "day %d never occurs in the allowed months", first_day);
}

HbCron *
_hb_cron_new (const char  *expression,
              GError     **error)
{
  g_autoptr(HbCron) self = NULL;
  g_auto(GStrv) parts = NULL;
  guint n_parts;

  g_return_val_if_fail (expression != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parts = g_strsplit_set (expression, " \t\n", -1);
  n_parts = 0;
  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0')
        {
          g_free (parts[i]);
          continue;
        }
      parts[n_parts++] = parts[i];
    }
  parts[n_parts] = NULL;

  self = g_new0 (HbCron, 1);
  self->expression = g_strjoinv (" ", parts);

  if (n_parts != 5 && n_parts != 6)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_CRON,
                   "Invalid cron expression: expected 5 fields (minute hour day-of-month month "
                   "day-of-week) or 6 (with seconds last), got %u (in '%s')",
                   n_parts, expression);
      return NULL;
    }

  self->has_seconds = n_parts == 6;

  for (guint i = 0; i < N_FIELDS; i++)
    {
      gboolean restricted;

      if (i == FIELD_SECOND && !self->has_seconds)
        {
          self->masks[i] = 1;
          continue;
        }
      if (!parse_field (&fields[i], self->expression, parts[i], &self->masks[i], &restricted,
                        error))
        return NULL;
      if (i == FIELD_DAY_OF_MONTH)
        self->dom_restricted = restricted;
      else if (i == FIELD_DAY_OF_WEEK)
        self->dow_restricted = restricted;
    }

  if (!check_days_can_occur (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

HbCron *
_hb_cron_new_daily (int      hour,
                    int      minute,
                    int      second,
                    gboolean with_seconds)
{
  HbCron *self;

  g_return_val_if_fail (hour >= 0 && hour <= 23, NULL);
  g_return_val_if_fail (minute >= 0 && minute <= 59, NULL);
  g_return_val_if_fail (second >= 0 && second <= 59, NULL);
  g_return_val_if_fail (with_seconds || second == 0, NULL);

  self = g_new0 (HbCron, 1);
  self->masks[FIELD_MINUTE] = G_GUINT64_CONSTANT (1) << minute;
  self->masks[FIELD_HOUR] = G_GUINT64_CONSTANT (1) << hour;
  self->masks[FIELD_DAY_OF_MONTH] = G_GUINT64_CONSTANT (0xfffffffe);
  self->masks[FIELD_MONTH] = G_GUINT64_CONSTANT (0x1ffe);
  self->masks[FIELD_DAY_OF_WEEK] = G_GUINT64_CONSTANT (0x7f);
  self->masks[FIELD_SECOND] = G_GUINT64_CONSTANT (1) << second;
  self->has_seconds = with_seconds;
  if (with_seconds)
    self->expression = g_strdup_printf ("%d %d * * * %d", minute, hour, second);
  else
    self->expression = g_strdup_printf ("%d %d * * *", minute, hour);

  return self;
}

void
_hb_cron_free (HbCron *self)
{
  if (self == NULL)
    return;

  g_free (self->expression);
  g_free (self);
}

const char *
_hb_cron_get_expression (HbCron *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->expression;
}

gboolean
_hb_cron_has_seconds (HbCron *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->has_seconds;
}

/*
 * Civil calendar arithmetic on the proleptic Gregorian calendar, in days since
 * 1970-01-01. Eras of 400 years (146097 days) starting on March 1 make leap days fall
 * at the end of each year of the era.
 */

static inline gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  if ((a % b != 0) && ((a < 0) != (b < 0)))
    q--;

  return q;
}

static gint64
days_from_civil (int year,
                 int month,
                 int day)
{
  gint64 y = year - (month <= 2 ? 1 : 0);
  gint64 era = floor_div (y, 400);
  gint64 year_of_era = y - era * 400;
  gint64 march_month = month > 2 ? month - 3 : month + 9;
  gint64 day_of_year = (153 * march_month + 2) / 5 + day - 1;
  gint64 day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;

  return era * 146097 + day_of_era - 719468;
}

static void
civil_from_days (gint64  days,
                 int    *year,
                 int    *month,
                 int    *day)
{
  gint64 z = days + 719468;
  gint64 era = floor_div (z, 146097);
  gint64 day_of_era = z - era * 146097;
  gint64 year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524
                        - day_of_era / 146096) / 365;
  gint64 day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  gint64 march_month = (5 * day_of_year + 2) / 153;
  int m = (int) (march_month < 10 ? march_month + 3 : march_month - 9);

  *day = (int) (day_of_year - (153 * march_month + 2) / 5 + 1);
  *month = m;
  *year = (int) (year_of_era + era * 400 + (m <= 2 ? 1 : 0));
}

static inline int
weekday_of_days (gint64 days)
{
  /* 1970-01-01 was a Thursday (4); Sunday is 0. */
  return (int) (((days % 7) + 7 + 4) % 7);
}

static inline gint64
wall_seconds (int year,
              int month,
              int day,
              int hour,
              int minute,
              int second)
{
  return days_from_civil (year, month, day) * SECONDS_PER_DAY
         + hour * 3600 + minute * 60 + second;
}

/*
 * Zone arithmetic. Only UTC lookups are used (g_time_zone_find_interval with
 * G_TIME_TYPE_UNIVERSAL is exact); local times are resolved by probing offsets and
 * checking the round trip, so the result never depends on is_dst flags.
 */

static inline gint32
offset_at (GTimeZone *tz,
           gint64     utc_seconds)
{
  return g_time_zone_get_offset (tz, g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL,
                                                                 utc_seconds));
}

/* The latest instant whose wall time is @wall, or FALSE if there is none. Assumes no two
 * transitions within ~10 hours of each other, which holds for every real zone. */
static gboolean
wall_to_utc (GTimeZone *tz,
             gint64     wall,
             gint64    *utc)
{
  gint32 probes[3];
  gboolean found = FALSE;

  probes[0] = offset_at (tz, wall - SECONDS_PER_DAY);
  probes[1] = offset_at (tz, wall + SECONDS_PER_DAY);
  probes[2] = offset_at (tz, wall - offset_at (tz, wall));

  for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
    {
      gint64 candidate = wall - probes[i];

      if (offset_at (tz, candidate) == probes[i] && (!found || candidate > *utc))
        {
          *utc = candidate;
          found = TRUE;
        }
    }

  return found;
}

/* The first instant in (@lo, @hi] whose offset differs from the offset at @lo. */
static gint64
find_transition (GTimeZone *tz,
                 gint64     lo,
                 gint64     hi)
{
  gint32 lo_offset = offset_at (tz, lo);

  while (hi - lo > 1)
    {
      gint64 mid = lo + (hi - lo) / 2;

      if (offset_at (tz, mid) == lo_offset)
        lo = mid;
      else
        hi = mid;
    }

  return hi;
}

/* For a skipped wall time: the first wall time after the gap, or @wall + 1. */
static gint64
wall_after_gap (GTimeZone *tz,
                gint64     wall)
{
  gint32 before = offset_at (tz, wall - SECONDS_PER_DAY);
  gint32 after = offset_at (tz, wall + SECONDS_PER_DAY);
  gint64 transition;

  if (after <= before)
    return wall + 1;

  /* The gap is [T + before, T + after) in wall time, so T lies in (wall - after, wall - before]. */
  transition = find_transition (tz, wall - after, wall - before);

  return MAX (wall + 1, transition + offset_at (tz, transition));
}

gboolean
_hb_wall_to_usec (GTimeZone *time_zone,
                  int        year,
                  int        month,
                  int        day,
                  int        hour,
                  int        minute,
                  int        second,
                  gint64    *usec)
{
  gint64 utc;

  g_return_val_if_fail (month >= 1 && month <= 12, FALSE);
  g_return_val_if_fail (day >= 1 && day <= days_in_month (year, month), FALSE);
  g_return_val_if_fail (usec != NULL, FALSE);

  if (time_zone == NULL)
    time_zone = utc_zone ();

  if (!wall_to_utc (time_zone, wall_seconds (year, month, day, hour, minute, second), &utc))
    return FALSE;

  *usec = utc * G_USEC_PER_SEC;
  return TRUE;
}

void
_hb_usec_to_wall (GTimeZone *time_zone,
                  gint64     usec,
                  int       *year,
                  int       *month,
                  int       *day,
                  int       *hour,
                  int       *minute,
                  int       *second,
                  int       *weekday)
{
  gint64 utc = floor_div (usec, G_USEC_PER_SEC);
  gint64 wall;
  gint64 days;
  gint64 rest;
  int y, mo, d;

  if (time_zone == NULL)
    time_zone = utc_zone ();

  wall = utc + offset_at (time_zone, utc);
  days = floor_div (wall, SECONDS_PER_DAY);
  rest = wall - days * SECONDS_PER_DAY;
  civil_from_days (days, &y, &mo, &d);

  if (year != NULL)
    *year = y;
  if (month != NULL)
    *month = mo;
  if (day != NULL)
    *day = d;
  if (hour != NULL)
    *hour = (int) (rest / 3600);
  if (minute != NULL)
    *minute = (int) ((rest / 60) % 60);
  if (second != NULL)
    *second = (int) (rest % 60);
  if (weekday != NULL)
    *weekday = weekday_of_days (days);
}

/*
 * Evaluation
 */

static inline int
next_bit (guint64 mask,
          int     from)
{
  guint64 rest;

  if (from >= 64)
    return -1;

  rest = mask & (~G_GUINT64_CONSTANT (0) << from);

  return rest != 0 ? __builtin_ctzll (rest) : -1;
}

static inline gboolean
day_matches (const HbCron *self,
             int           day,
             int           weekday)
{
  gboolean dom = (self->masks[FIELD_DAY_OF_MONTH] & (G_GUINT64_CONSTANT (1) << day)) != 0;
  gboolean dow = (self->masks[FIELD_DAY_OF_WEEK] & (G_GUINT64_CONSTANT (1) << weekday)) != 0;

  if (self->dom_restricted && self->dow_restricted)
    return dom || dow;

  return dom && dow;
}

gboolean
_hb_cron_matches (HbCron *self,
                  int     year,
                  int     month,
                  int     day,
                  int     hour,
                  int     minute,
                  int     second)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (month < 1 || month > 12 || day < 1 || day > days_in_month (year, month) ||
      hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59)
    return FALSE;

  return (self->masks[FIELD_MONTH] & (G_GUINT64_CONSTANT (1) << month)) != 0 &&
         day_matches (self, day, weekday_of_days (days_from_civil (year, month, day))) &&
         (self->masks[FIELD_HOUR] & (G_GUINT64_CONSTANT (1) << hour)) != 0 &&
         (self->masks[FIELD_MINUTE] & (G_GUINT64_CONSTANT (1) << minute)) != 0 &&
         (self->masks[FIELD_SECOND] & (G_GUINT64_CONSTANT (1) << second)) != 0;
}

/*
 * The first matching wall time at or after @from (wall seconds). Steps one field at a
 * time: when a field has no allowed value left, the next larger field moves on and every
 * smaller one restarts at its lowest value.
 */
static gboolean
next_wall_match (const HbCron *self,
                 gint64        from,
                 gint64       *match)
{
  gint64 days = floor_div (from, SECONDS_PER_DAY);
  gint64 rest = from - days * SECONDS_PER_DAY;
  int year, month, day;
  int hour = (int) (rest / 3600);
  int minute = (int) ((rest / 60) % 60);
  int second = (int) (rest % 60);
  int last_year;

  civil_from_days (days, &year, &month, &day);
  last_year = year + SEARCH_HORIZON_YEARS;

  for (;;)
    {
      int value;
      int dim;
      int weekday;

      if (year > last_year)
        return FALSE;

      value = next_bit (self->masks[FIELD_MONTH], month);
      if (value < 0 || value > 12)
        {
          year++;
          month = 1;
          day = 1;
          hour = minute = second = 0;
          continue;
        }
      if (value != month)
        {
          month = value;
          day = 1;
          hour = minute = second = 0;
        }

      dim = days_in_month (year, month);
      weekday = weekday_of_days (days_from_civil (year, month, MIN (day, dim)));
      while (day <= dim && !day_matches (self, day, weekday))
        {
          day++;
          weekday = (weekday + 1) % 7;
          hour = minute = second = 0;
        }
      if (day > dim)
        {
          month++;
          day = 1;
          hour = minute = second = 0;
          if (month > 12)
            {
              year++;
              month = 1;
            }
          continue;
        }

      value = next_bit (self->masks[FIELD_HOUR], hour);
      if (value < 0)
        {
          day++;
          hour = minute = second = 0;
          continue;
        }
      if (value != hour)
        {
          hour = value;
          minute = second = 0;
        }

      value = next_bit (self->masks[FIELD_MINUTE], minute);
      if (value < 0)
        {
          hour++;
          minute = second = 0;
          continue;
        }
      if (value != minute)
        {
          minute = value;
          second = 0;
        }

      value = next_bit (self->masks[FIELD_SECOND], second);
      if (value < 0)
        {
          minute++;
          second = 0;
          continue;
        }
      second = value;

      *match = wall_seconds (year, month, day, hour, minute, second);
      return TRUE;
    }
}

gboolean
_hb_cron_next (HbCron    *self,
               GTimeZone *time_zone,
               gint64     after_usec,
               gint64    *next_usec)
{
  gint64 after;
  gint64 from;
  gint64 latest;
  gint32 offset;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (next_usec != NULL, FALSE);

  if (time_zone == NULL)
    time_zone = utc_zone ();

  /* Ticks are whole seconds: one strictly after @after_usec is one after its second. */
  after = floor_div (after_usec, G_USEC_PER_SEC);
  offset = offset_at (time_zone, after);
  from = after + offset + 1;

  /* If @after is the earlier pass through a repeated (fall-back) hour, every wall time of
   * that hour still lies ahead at its later occurrence: start at the repetition. */
  if (wall_to_utc (time_zone, after + offset, &latest) && latest > after)
    {
      gint64 transition = find_transition (time_zone, after, latest);
      from = MIN (from, transition + offset_at (time_zone, transition));
    }

  for (guint i = 0; i < MAX_CANDIDATES; i++)
    {
      gint64 wall;
      gint64 utc;

      if (!next_wall_match (self, from, &wall))
        return FALSE;

      if (!wall_to_utc (time_zone, wall, &utc))
        {
          /* Skipped by a spring-forward: no fire for it. */
          from = wall_after_gap (time_zone, wall);
          continue;
        }

      if (utc > after)
        {
          *next_usec = utc * G_USEC_PER_SEC;
          return TRUE;
        }

      from = wall + 1;
    }

  return FALSE;
}
