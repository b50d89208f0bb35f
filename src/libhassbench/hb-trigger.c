/* hb-trigger.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "hb-trigger.h"

#include "hb-clock.h"
#include "hb-cron-private.h"
#include "hb-error.h"

/* Bound on delays and intervals (about 31,700 years), so usec arithmetic never overflows. */
#define MAX_SECONDS 1e12

/* 24 bytes: a million run_in jobs each hold one. */
struct _HbTrigger
{
  gatomicrefcount  ref_count;
  HbTriggerKind    kind;
  /* after: the delay; once: the instant; every: the interval (all usec) */
  gint64           usec;
  union {
    gint64         start_usec;  /* every: the grid anchor, or 0 */
    HbCron        *cron;        /* cron */
  };
};

G_DEFINE_BOXED_TYPE (HbTrigger, hb_trigger, hb_trigger_ref, hb_trigger_unref)

static HbTrigger *
trigger_new (HbTriggerKind kind)
{
  HbTrigger *self = g_new0 (HbTrigger, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;

  return self;
}

HbTrigger *
hb_trigger_ref (HbTrigger *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
hb_trigger_unref (HbTrigger *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      if (self->kind == HB_TRIGGER_CRON)
        g_clear_pointer (&self->cron, _hb_cron_free);
      g_free (self);
    }
}

static inline gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  if ((a % b != 0) && ((a < 0) != (b < 0)))
    q--;

  return q;
}

/* Rounds to whole seconds, ties to the even second (the reference's rounding). */
static inline gint64
round_to_seconds (gint64 usec)
{
  gint64 seconds = floor_div (usec, G_USEC_PER_SEC);
  gint64 rest = usec - seconds * G_USEC_PER_SEC;

  if (rest > G_USEC_PER_SEC / 2 || (rest == G_USEC_PER_SEC / 2 && (seconds & 1) != 0))
    seconds++;

  return seconds * G_USEC_PER_SEC;
}

static char *
format_seconds (double seconds)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (seconds == floor (seconds))
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) seconds);

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.15g", seconds));
}

static char *
format_instant (gint64 usec)
{
  gint64 seconds = floor_div (usec, G_USEC_PER_SEC);
  g_autoptr(GDateTime) whole = g_date_time_new_from_unix_utc (seconds);
  g_autoptr(GDateTime) instant = NULL;

  if (whole == NULL)
    return g_strdup_printf ("%" G_GINT64_FORMAT "us", usec);

  instant = g_date_time_add (whole, usec - seconds * G_USEC_PER_SEC);

  return hb_format_instant (instant);
}

static gboolean
check_seconds (const char  *what,
               double       seconds,
               gboolean     whole,
               GError     **error)
{
  if (!isfinite (seconds) || seconds <= 0)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "Invalid %s: %g seconds (must be finite and greater than 0)", what, seconds);
      return FALSE;
    }
  if (seconds > MAX_SECONDS)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "Invalid %s: %g seconds (at most %g)", what, seconds, MAX_SECONDS);
      return FALSE;
    }
  if (whole && seconds != floor (seconds))
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "Invalid %s: %g seconds (must be a whole number of seconds)", what, seconds);
      return FALSE;
    }

  return TRUE;
}

HbTrigger *
hb_trigger_after (double   seconds,
                  GError **error)
{
  HbTrigger *self;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_seconds ("delay", seconds, FALSE, error))
    return NULL;

  self = trigger_new (HB_TRIGGER_AFTER);
  self->usec = (gint64) llround (seconds * G_USEC_PER_SEC);

  return self;
}

HbTrigger *
hb_trigger_once (gint64 at_usec)
{
  HbTrigger *self = trigger_new (HB_TRIGGER_ONCE);

  self->usec = at_usec;

  return self;
}

HbTrigger *
hb_trigger_every (double   seconds,
                  gint64   start_usec,
                  GError **error)
{
  HbTrigger *self;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_seconds ("interval", seconds, TRUE, error))
    return NULL;

  self = trigger_new (HB_TRIGGER_EVERY);
  self->usec = (gint64) seconds * G_USEC_PER_SEC;
  /* Grid points are whole seconds, like every other trigger time. */
  self->start_usec = start_usec != 0 ? round_to_seconds (start_usec) : 0;

  return self;
}

HbTrigger *
hb_trigger_daily (const char  *at,
                  GError     **error)
{
  HbTrigger *self;
  int hour, minute, second;

  g_return_val_if_fail (at != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!hb_parse_time_of_day (at, &hour, &minute, &second, error))
    return NULL;

  self = trigger_new (HB_TRIGGER_CRON);
  /* "07:00:00" is the plain 5-field "0 7 * * *". */
  self->cron = _hb_cron_new_daily (hour, minute, second, second != 0);

  return self;
}

HbTrigger *
hb_trigger_cron (const char  *expression,
                 GError     **error)
{
  HbTrigger *self;
  HbCron *cron;

  g_return_val_if_fail (expression != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  cron = _hb_cron_new (expression, error);
  if (cron == NULL)
    return NULL;

  self = trigger_new (HB_TRIGGER_CRON);
  self->cron = cron;

  return self;
}

HbTriggerKind
hb_trigger_get_kind (HbTrigger *self)
{
  g_return_val_if_fail (self != NULL, HB_TRIGGER_AFTER);

  return self->kind;
}

gboolean
hb_trigger_is_recurring (HbTrigger *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->kind == HB_TRIGGER_EVERY || self->kind == HB_TRIGGER_CRON;
}

gboolean
hb_trigger_next (HbTrigger *self,
                 gint64     prev_usec,
                 gint64     now_usec,
                 GTimeZone *time_zone,
                 gint64    *next_usec)
{
  gint64 anchor;
  gint64 steps;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (next_usec != NULL, FALSE);

  switch (self->kind)
    {
    case HB_TRIGGER_AFTER:
      if (prev_usec != 0)
        return FALSE;
      *next_usec = round_to_seconds (now_usec + self->usec);
      return TRUE;

    case HB_TRIGGER_ONCE:
      if (prev_usec != 0)
        return FALSE;
      *next_usec = self->usec;
      return TRUE;

    case HB_TRIGGER_EVERY:
      if (prev_usec != 0)
        anchor = prev_usec;
      else if (self->start_usec != 0 && self->start_usec > now_usec)
        {
          *next_usec = self->start_usec;
          return TRUE;
        }
      else if (self->start_usec != 0)
        anchor = self->start_usec;
      else
        {
          *next_usec = round_to_seconds (now_usec) + self->usec;
          return TRUE;
        }

      /* The first grid point strictly after now; missed points are skipped, not replayed. */
      steps = now_usec >= anchor ? floor_div (now_usec - anchor, self->usec) + 1 : 1;
      *next_usec = anchor + steps * self->usec;
      return TRUE;

    case HB_TRIGGER_CRON:
      return _hb_cron_next (self->cron, time_zone, MAX (prev_usec, now_usec), next_usec);

    default:
      g_assert_not_reached ();
    }
}

char *
hb_trigger_describe (HbTrigger *self)
{
  g_autofree char *amount = NULL;
  g_autofree char *instant = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  switch (self->kind)
    {
    case HB_TRIGGER_AFTER:
      amount = format_seconds ((double) self->usec / G_USEC_PER_SEC);
      return g_strdup_printf ("in %ss", amount);

    case HB_TRIGGER_ONCE:
      instant = format_instant (self->usec);
      return g_strdup_printf ("once at %s", instant);

    case HB_TRIGGER_EVERY:
      amount = format_seconds ((double) (self->usec / G_USEC_PER_SEC));
      if (self->start_usec == 0)
        return g_strdup_printf ("every %ss", amount);
      instant = format_instant (self->start_usec);
      return g_strdup_printf ("every %ss from %s", amount, instant);

    case HB_TRIGGER_CRON:
      return g_strdup_printf ("cron %s", _hb_cron_get_expression (self->cron));

    default:
      g_assert_not_reached ();
    }
}
