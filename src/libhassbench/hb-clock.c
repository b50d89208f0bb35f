/* hb-clock.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "hb-clock.h"

#include <math.h>
#include <string.h>

#include "hb-due-queue-private.h"
#include "hb-error.h"

/* A live clock is "virtual = anchor_usec + (monotonic - anchor_mono) * scale". Monotonic time
 * (not the wall clock) drives it, so a change of the machine's clock cannot make it jump,
 * and the GSource ready time (also monotonic) lines up with due times exactly. */
struct _HbClock
{
  GObject       parent_instance;

  GTimeZone    *time_zone;
  GMainContext *context;
  HbDueQueue   *queue;
  GSource      *source;

  /* Frozen: the reading. Live: the reading at anchor_mono. */
  gint64        anchor_usec;
  gint64        anchor_mono;
  double        scale;

  guint         frozen : 1;
};

typedef struct
{
  GSource  parent;
  HbClock *clock;  /* unowned: the clock destroys the source in dispose */
} HbClockSource;

G_DEFINE_FINAL_TYPE (HbClock, hb_clock, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TIME_ZONE,
  PROP_CONTEXT,
  PROP_NOW,
  PROP_FROZEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A live source never waits longer than this much real time before looking again, which
 * keeps far-future entries and huge scale divisions away from integer overflow. */
#define MAX_SOURCE_WAIT_USEC (G_GINT64_CONSTANT (3600) * HB_USEC_PER_SECOND)

static void update_source (HbClock *self);

gint64
hb_date_time_to_usec (GDateTime *dt)
{
  g_return_val_if_fail (dt != NULL, 0);

  return g_date_time_to_unix (dt) * HB_USEC_PER_SECOND + g_date_time_get_microsecond (dt);
}

static gint64
live_now (HbClock *self,
          gint64   mono)
{
  gint64 elapsed = mono - self->anchor_mono;

  if (self->scale == 1.0)
    return self->anchor_usec + elapsed;
  return self->anchor_usec + (gint64) ((double) elapsed * self->scale);
}

static void
notify_now (HbClock *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NOW]);
}

static gboolean
clock_source_dispatch (GSource     *source,
                       GSourceFunc  callback,
                       gpointer     user_data)
{
  HbClockSource *clock_source = (HbClockSource *) source;

  /* fire_due re-arms the source when it is done. */
  g_source_set_ready_time (source, -1);
  hb_clock_fire_due (clock_source->clock);
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs clock_source_funcs = {
  .dispatch = clock_source_dispatch,
};

static void
ensure_source (HbClock *self)
{
  HbClockSource *clock_source;

  if (self->source != NULL)
    return;

  self->source = g_source_new (&clock_source_funcs, sizeof (HbClockSource));
  clock_source = (HbClockSource *) self->source;
  clock_source->clock = self;
  g_source_set_static_name (self->source, "[hassbench] clock due entries");
  g_source_set_ready_time (self->source, -1);
  g_source_attach (self->source, self->context);
}

static void
set_ready_time (HbClock *self,
                gint64   ready_time)
{
  /* Setting a ready time locks the context and may wake it up; adding many entries to a
   * live clock usually leaves the earliest one, and so the ready time, unchanged. */
  if (g_source_get_ready_time (self->source) != ready_time)
    g_source_set_ready_time (self->source, ready_time);
}

static void
update_source (HbClock *self)
{
  HbDueItem next;
  gint64 mono;
  gint64 now;
  double wait;

  if (self->source == NULL)
    return;

  if (self->frozen || !_hb_due_queue_peek (self->queue, -1, &next))
    {
      set_ready_time (self, -1);
      return;
    }

  mono = g_get_monotonic_time ();
  now = live_now (self, mono);
  if (next.due_usec <= now)
    {
      set_ready_time (self, 0);
      return;
    }

  /* Measured from the anchor, so the same earliest entry always gives the same ready
   * time. Rounded up, plus one, so that when the source runs the clock has surely reached
   * the due time; an early wake-up would fire nothing and only re-arm. */
  wait = ceil (((double) next.due_usec - (double) self->anchor_usec) / self->scale) + 1;
  if (wait > (double) (mono - self->anchor_mono + MAX_SOURCE_WAIT_USEC))
    set_ready_time (self, mono + MAX_SOURCE_WAIT_USEC);
  else
    set_ready_time (self, self->anchor_mono + (gint64) wait);
}

static void
hb_clock_constructed (GObject *object)
{
  HbClock *self = HB_CLOCK (object);

  G_OBJECT_CLASS (hb_clock_parent_class)->constructed (object);

  if (self->time_zone == NULL)
    self->time_zone = g_time_zone_new_utc ();
  if (self->context == NULL)
    self->context = g_main_context_ref_thread_default ();
}

static void
hb_clock_dispose (GObject *object)
{
  HbClock *self = HB_CLOCK (object);

  if (self->source != NULL)
    {
      g_source_destroy (self->source);
      g_clear_pointer (&self->source, g_source_unref);
    }

  G_OBJECT_CLASS (hb_clock_parent_class)->dispose (object);
}

static void
hb_clock_finalize (GObject *object)
{
  HbClock *self = HB_CLOCK (object);

  g_clear_pointer (&self->queue, _hb_due_queue_free);
  g_clear_pointer (&self->time_zone, g_time_zone_unref);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (hb_clock_parent_class)->finalize (object);
}

static void
hb_clock_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  HbClock *self = HB_CLOCK (object);

  switch (prop_id)
    {
    case PROP_TIME_ZONE:
      g_value_set_boxed (value, self->time_zone);
      break;

    case PROP_CONTEXT:
      g_value_set_boxed (value, self->context);
      break;

    case PROP_NOW:
      g_value_set_int64 (value, hb_clock_get_now_usec (self));
      break;

    case PROP_FROZEN:
      g_value_set_boolean (value, self->frozen);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hb_clock_set_property (GObject      *object,
                       guint         prop_id,
                       const GValue *value,
                       GParamSpec   *pspec)
{
  HbClock *self = HB_CLOCK (object);

  switch (prop_id)
    {
    case PROP_TIME_ZONE:
      hb_clock_set_time_zone (self, g_value_get_boxed (value));
      break;

    case PROP_CONTEXT:
      g_assert (self->context == NULL);
      self->context = g_value_dup_boxed (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hb_clock_class_init (HbClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = hb_clock_constructed;
  object_class->dispose = hb_clock_dispose;
  object_class->finalize = hb_clock_finalize;
  object_class->get_property = hb_clock_get_property;
  object_class->set_property = hb_clock_set_property;

  /**
   * HbClock:time-zone:
   *
   * The zone every GDateTime from this clock is in. Setting %NULL means UTC.
   */
  properties[PROP_TIME_ZONE] =
    g_param_spec_boxed ("time-zone", NULL, NULL,
                        G_TYPE_TIME_ZONE,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * HbClock:context:
   *
   * The main context a live clock fires its due entries on (the thread-default one when
   * %NULL at construction).
   */
  properties[PROP_CONTEXT] =
    g_param_spec_boxed ("context", NULL, NULL,
                        G_TYPE_MAIN_CONTEXT,
                        (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * HbClock:now:
   *
   * Microseconds since the epoch. Notified on every change of a frozen clock; a live clock
   * moves continuously and notifies only when it jumps (advance, set, freeze).
   */
  properties[PROP_NOW] =
    g_param_spec_int64 ("now", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_FROZEN] =
    g_param_spec_boolean ("frozen", NULL, NULL,
                          TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
hb_clock_init (HbClock *self)
{
  self->queue = _hb_due_queue_new ();
  self->frozen = TRUE;
  self->scale = 1.0;
}

HbClock *
hb_clock_new (GTimeZone    *time_zone,
              GMainContext *context)
{
  return g_object_new (HB_TYPE_CLOCK,
                       "time-zone", time_zone,
                       "context", context,
                       NULL);
}

/**
 * hb_clock_get_time_zone:
 *
 * Returns: (transfer none): the clock's zone
 */
GTimeZone *
hb_clock_get_time_zone (HbClock *self)
{
  g_return_val_if_fail (HB_IS_CLOCK (self), NULL);

  return self->time_zone;
}

void
hb_clock_set_time_zone (HbClock   *self,
                        GTimeZone *time_zone)
{
  g_autoptr(GTimeZone) new_zone = NULL;

  g_return_if_fail (HB_IS_CLOCK (self));

  new_zone = time_zone != NULL ? g_time_zone_ref (time_zone) : g_time_zone_new_utc ();

  if (self->time_zone != NULL &&
      (self->time_zone == new_zone ||
       g_strcmp0 (g_time_zone_get_identifier (self->time_zone),
                  g_time_zone_get_identifier (new_zone)) == 0))
    return;

  g_clear_pointer (&self->time_zone, g_time_zone_unref);
  self->time_zone = g_steal_pointer (&new_zone);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIME_ZONE]);
}

gboolean
hb_clock_get_frozen (HbClock *self)
{
  g_return_val_if_fail (HB_IS_CLOCK (self), FALSE);

  return self->frozen;
}

gint64
hb_clock_get_now_usec (HbClock *self)
{
  g_return_val_if_fail (HB_IS_CLOCK (self), 0);

  if (self->frozen)
    return self->anchor_usec;
  return live_now (self, g_get_monotonic_time ());
}

/**
 * hb_clock_to_date_time:
 * @usec: microseconds since the epoch
 *
 * Returns: (transfer full) (nullable): @usec in the clock's zone, or %NULL when it is
 *   outside the years 1 to 9999
 */
GDateTime *
hb_clock_to_date_time (HbClock *self,
                       gint64   usec)
{
  g_autoptr(GDateTime) epoch = NULL;
  g_autoptr(GDateTime) utc = NULL;

  g_return_val_if_fail (HB_IS_CLOCK (self), NULL);

  epoch = g_date_time_new_from_unix_utc (0);
  utc = g_date_time_add (epoch, usec);
  if (utc == NULL)
    return NULL;
  return g_date_time_to_timezone (utc, self->time_zone);
}

GDateTime *
hb_clock_get_now (HbClock *self)
{
  g_return_val_if_fail (HB_IS_CLOCK (self), NULL);

  return hb_clock_to_date_time (self, hb_clock_get_now_usec (self));
}

void
hb_clock_freeze (HbClock   *self,
                 GDateTime *at)
{
  gint64 before;
  gint64 after;
  gboolean was_frozen;

  g_return_if_fail (HB_IS_CLOCK (self));

  before = hb_clock_get_now_usec (self);
  after = at != NULL ? hb_date_time_to_usec (at) : before;
  was_frozen = self->frozen;

  self->frozen = TRUE;
  self->anchor_usec = after;
  update_source (self);

  g_object_freeze_notify (G_OBJECT (self));
  if (!was_frozen)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FROZEN]);
  /* A live clock's reading changed the moment it is sampled; tell listeners either way. */
  if (before != after || !was_frozen)
    notify_now (self);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
hb_clock_unfreeze (HbClock  *self,
                   double    scale,
                   GError  **error)
{
  gint64 mono;
  gboolean was_frozen;

  g_return_val_if_fail (HB_IS_CLOCK (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!isfinite (scale) || scale <= 0)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "Invalid clock scale %g: it must be finite and greater than 0", scale);
      return FALSE;
    }

  mono = g_get_monotonic_time ();
  was_frozen = self->frozen;
  self->anchor_usec = self->frozen ? self->anchor_usec : live_now (self, mono);
  self->anchor_mono = mono;
  self->scale = scale;
  self->frozen = FALSE;

  ensure_source (self);
  update_source (self);

  if (was_frozen)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FROZEN]);

  return TRUE;
}

/* Moves the reading to @usec (not backwards); a live clock keeps running from there. */
static void
jump_to (HbClock *self,
         gint64   usec)
{
  if (self->frozen)
    {
      if (usec == self->anchor_usec)
        return;
      self->anchor_usec = usec;
    }
  else
    {
      self->anchor_mono = g_get_monotonic_time ();
      self->anchor_usec = usec;
      update_source (self);
    }

  notify_now (self);
}

gboolean
hb_clock_advance (HbClock  *self,
                  double    seconds,
                  GError  **error)
{
  gint64 now;
  double delta;

  g_return_val_if_fail (HB_IS_CLOCK (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!isfinite (seconds) || seconds < 0)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "Cannot advance the clock by %g seconds: the amount must be finite and "
                   "not negative", seconds);
      return FALSE;
    }

  now = hb_clock_get_now_usec (self);
  delta = round (seconds * (double) HB_USEC_PER_SECOND);
  if (delta >= (double) (G_MAXINT64 - now))
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "Cannot advance the clock by %g seconds: the result is out of range",
                   seconds);
      return FALSE;
    }

  jump_to (self, now + (gint64) delta);
  return TRUE;
}

gboolean
hb_clock_set_usec (HbClock  *self,
                   gint64    usec,
                   GError  **error)
{
  gint64 now;

  g_return_val_if_fail (HB_IS_CLOCK (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  now = hb_clock_get_now_usec (self);
  if (usec < now)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
                   "Cannot set the clock back from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT
                   " microseconds since the epoch; time only moves forward",
                   now, usec);
      return FALSE;
    }

  jump_to (self, usec);
  return TRUE;
}

guint64
hb_clock_add_entry (HbClock          *self,
                    gint64            due_usec,
                    HbClockEntryKind  kind,
                    HbClockFunc       func,
                    gpointer          user_data)
{
  guint64 id;

  g_return_val_if_fail (HB_IS_CLOCK (self), 0);
  g_return_val_if_fail (kind == HB_CLOCK_ENTRY_TIMER || kind == HB_CLOCK_ENTRY_JOB, 0);
  g_return_val_if_fail (func != NULL, 0);

  id = _hb_due_queue_add (self->queue, due_usec, kind, func, user_data);
  update_source (self);
  return id;
}

gboolean
hb_clock_remove_entry (HbClock *self,
                       guint64  entry_id)
{
  g_return_val_if_fail (HB_IS_CLOCK (self), FALSE);

  if (!_hb_due_queue_remove (self->queue, entry_id))
    return FALSE;

  update_source (self);
  return TRUE;
}

gboolean
hb_clock_peek_next (HbClock *self,
                    int      kind,
                    gint64  *due_usec)
{
  HbDueItem item;

  g_return_val_if_fail (HB_IS_CLOCK (self), FALSE);
  g_return_val_if_fail (kind <= HB_CLOCK_ENTRY_JOB, FALSE);

  if (!_hb_due_queue_peek (self->queue, kind, &item))
    return FALSE;

  if (due_usec != NULL)
    *due_usec = item.due_usec;
  return TRUE;
}

guint
hb_clock_get_n_entries (HbClock *self)
{
  g_return_val_if_fail (HB_IS_CLOCK (self), 0);

  return _hb_due_queue_get_length (self->queue);
}

guint
hb_clock_fire_due (HbClock *self)
{
  g_autoptr(HbClock) hold = NULL;
  HbDueItem item;
  guint n_jobs = 0;

  g_return_val_if_fail (HB_IS_CLOCK (self), 0);

  if (_hb_due_queue_in_snapshot (self->queue))
    {
      g_critical ("hb_clock_fire_due() called from inside a due entry; "
                  "entries fire only from the outermost call");
      return 0;
    }

  /* An entry's callback may drop the last outside reference to the clock. */
  hold = g_object_ref (self);

  _hb_due_queue_begin_snapshot (self->queue, hb_clock_get_now_usec (self));
  while (_hb_due_queue_pop_snapshot (self->queue, &item))
    {
      if (item.kind == HB_CLOCK_ENTRY_JOB)
        n_jobs++;
      item.func (self, item.user_data);
    }
  _hb_due_queue_end_snapshot (self->queue);

  update_source (self);
  return n_jobs;
}

/*
 * Parsing and formatting.
 */

static gboolean
duration_error (const char  *text,
                const char  *why,
                GError     **error)
{
  g_set_error (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT,
               "Invalid duration '%s': %s", text, why);
  return FALSE;
}

/* Reads an unsigned decimal number ("12", "1.5", ".5") at *p. No sign, no exponent, no
 * "nan"/"inf": only what a person types for a duration. */
static gboolean
scan_number (const char **p,
             double      *value)
{
  const char *start = *p;
  const char *q = start;
  guint n_digits = 0;
  g_autofree char *number = NULL;

  while (g_ascii_isdigit (*q))
    q++, n_digits++;
  if (*q == '.')
    {
      q++;
      while (g_ascii_isdigit (*q))
        q++, n_digits++;
    }
  if (n_digits == 0)
    return FALSE;

  /* strtod alone would also read exponents and hex ("1e5", "0x10"), which are not
   * durations; hand it exactly the digits scanned. */
  number = g_strndup (start, q - start);
  *value = g_ascii_strtod (number, NULL);
  *p = q;
  return TRUE;
}

static gboolean
scan_digits (const char **p,
             guint        min_digits,
             guint        max_digits,
             int         *value)
{
  const char *q = *p;
  guint n = 0;
  int v = 0;

  while (g_ascii_isdigit (*q) && n < max_digits)
    {
      v = v * 10 + (*q - '0');
      q++, n++;
    }
  if (n < min_digits || g_ascii_isdigit (*q))
    return FALSE;

  *value = v;
  *p = q;
  return TRUE;
}

/* "H:MM" or "H:MM:SS[.fff]", as Home Assistant reads time periods (two parts are hours
 * and minutes). */
static gboolean
parse_colon_duration (const char *text,
                      double     *seconds)
{
  const char *p = text;
  double hours;
  int minutes;
  double secs = 0;

  if (!g_ascii_isdigit (*p))
    return FALSE;
  while (g_ascii_isdigit (*p))
    p++;
  hours = g_ascii_strtod (text, NULL);
  if (*p++ != ':')
    return FALSE;
  if (!scan_digits (&p, 2, 2, &minutes) || minutes > 59)
    return FALSE;
  if (*p == ':')
    {
      const char *s = ++p;

      if (!g_ascii_isdigit (s[0]) || !g_ascii_isdigit (s[1]) || !scan_number (&p, &secs))
        return FALSE;
      if (secs >= 60)
        return FALSE;
    }
  if (*p != '\0')
    return FALSE;

  *seconds = hours * 3600 + minutes * 60 + secs;
  return TRUE;
}

/* "1h30m", "5m", "30s", "2d", "1.5h"; units d/h/m/s once each, largest first. */
static gboolean
parse_unit_duration (const char *text,
                     double     *seconds)
{
  static const struct { char unit; double factor; } units[] = {
    { 'd', 86400 }, { 'h', 3600 }, { 'm', 60 }, { 's', 1 },
  };
  const char *p = text;
  guint next_unit = 0;
  double total = 0;

  while (*p != '\0')
    {
      double value;
      guint u;

      if (!scan_number (&p, &value))
        return FALSE;
      for (u = next_unit; u < G_N_ELEMENTS (units); u++)
        if (units[u].unit == *p)
          break;
      if (u == G_N_ELEMENTS (units))
        return FALSE;
      p++;
      total += value * units[u].factor;
      next_unit = u + 1;
      while (*p == ' ')
        p++;
    }

  *seconds = total;
  return TRUE;
}

/**
 * hb_parse_duration:
 * @text: plain seconds ("30", "1.5"), unit parts largest first ("2d", "1h30m", "1h 30m 15s",
 *   "1.5h"), or "H:MM" / "H:MM:SS[.ffffff]" (two parts are hours and minutes, as in Home
 *   Assistant's time periods); surrounding white space is ignored
 * @seconds: (out): the duration in seconds
 *
 * Signs, exponents, "nan" and "inf" are %HB_ERROR_INVALID_ARGUMENT, with @text in the
 * message.
 */
gboolean
hb_parse_duration (const char  *text,
                   double      *seconds,
                   GError     **error)
{
  g_autofree char *stripped = NULL;
  const char *p;
  double value = 0;
  gboolean ok;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (seconds != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stripped = g_strstrip (g_strdup (text));
  if (stripped[0] == '\0')
    return duration_error (text, "the text is empty", error);
  if (stripped[0] == '-')
    return duration_error (text, "durations cannot be negative", error);
  if (g_ascii_strncasecmp (stripped, "nan", 3) == 0 ||
      g_ascii_strncasecmp (stripped, "inf", 3) == 0 ||
      g_ascii_strncasecmp (stripped, "+inf", 4) == 0)
    return duration_error (text, "a duration must be a finite number of seconds", error);

  p = stripped;
  if (strchr (stripped, ':') != NULL)
    ok = parse_colon_duration (stripped, &value);
  else if (scan_number (&p, &value) && *p == '\0')
    ok = TRUE;
  else
    ok = parse_unit_duration (stripped, &value);

  if (!ok)
    return duration_error (text,
                           "expected seconds (\"30\", \"1.5\"), units (\"30s\", \"5m\", "
                           "\"1h30m\") or \"HH:MM[:SS]\"",
                           error);
  if (!isfinite (value))
    return duration_error (text, "the duration is too large", error);

  *seconds = value;
  return TRUE;
}

gboolean
hb_parse_time_of_day (const char  *text,
                      int         *hour,
                      int         *minute,
                      int         *second,
                      GError     **error)
{
  const char *p = text;
  int h = 0;
  int m = 0;
  int s = 0;
  gboolean ok;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  ok = scan_digits (&p, 1, 2, &h) && *p++ == ':' && scan_digits (&p, 2, 2, &m);

  if (ok && *p == ':')
    {
      p++;
      ok = scan_digits (&p, 2, 2, &s);
    }
  if (!ok || *p != '\0')
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_TIME,
                   "Invalid time of day '%s': expected \"HH:MM\" or \"HH:MM:SS\" (24-hour)",
                   text);
      return FALSE;
    }

  if (h > 23 || m > 59 || s > 59)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_TIME,
                   "Invalid time of day '%s': %s is out of range",
                   text, h > 23 ? "the hour" : m > 59 ? "the minute" : "the second");
      return FALSE;
    }

  if (hour != NULL)
    *hour = h;
  if (minute != NULL)
    *minute = m;
  if (second != NULL)
    *second = s;
  return TRUE;
}

/**
 * hb_parse_instant:
 * @text: ISO 8601, e.g. "2024-06-01T07:00:00+02:00"; a space may stand for the "T"
 * @default_zone: (nullable): the zone of a text without offset; %NULL means UTC
 *
 * Returns: (transfer full) (nullable): the instant, in the zone or offset of @text
 */
GDateTime *
hb_parse_instant (const char  *text,
                  GTimeZone   *default_zone,
                  GError     **error)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autofree char *normalized = NULL;
  GDateTime *dt;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Python and Home Assistant also write "2024-06-01 07:00:00". */
  normalized = g_strdup (text);
  if (strlen (normalized) > 10 && normalized[10] == ' ')
    normalized[10] = 'T';

  if (default_zone == NULL)
    default_zone = utc = g_time_zone_new_utc ();

  dt = g_date_time_new_from_iso8601 (normalized, default_zone);
  if (dt == NULL)
    {
      g_set_error (error, HB_ERROR, HB_ERROR_INVALID_TIME,
                   "Invalid instant '%s': expected ISO 8601 such as "
                   "\"2024-06-01T07:00:00+00:00\"", text);
      return NULL;
    }

  return dt;
}

char *
hb_format_instant (GDateTime *instant)
{
  GString *out;
  GTimeSpan offset;
  gint64 offset_seconds;
  int micro;

  g_return_val_if_fail (instant != NULL, NULL);

  out = g_string_new (NULL);
  g_string_append_printf (out, "%04d-%02d-%02dT%02d:%02d:%02d",
                          g_date_time_get_year (instant),
                          g_date_time_get_month (instant),
                          g_date_time_get_day_of_month (instant),
                          g_date_time_get_hour (instant),
                          g_date_time_get_minute (instant),
                          g_date_time_get_second (instant));

  micro = g_date_time_get_microsecond (instant);
  if (micro != 0)
    g_string_append_printf (out, ".%06d", micro);

  offset = g_date_time_get_utc_offset (instant);
  offset_seconds = offset / HB_USEC_PER_SECOND;
  g_string_append_c (out, offset_seconds < 0 ? '-' : '+');
  offset_seconds = ABS (offset_seconds);
  g_string_append_printf (out, "%02d:%02d",
                          (int) (offset_seconds / 3600), (int) (offset_seconds / 60 % 60));
  /* Historic local mean times have offsets with seconds; Python writes them the same way. */
  if (offset_seconds % 60 != 0)
    g_string_append_printf (out, ":%02d", (int) (offset_seconds % 60));

  return g_string_free (out, FALSE);
}
