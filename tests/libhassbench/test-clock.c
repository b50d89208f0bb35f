/* test-clock.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include <hassbench.h>

#include "hb-due-queue-private.h"

/* 2024-06-01T07:00:00Z */
#define T0 (G_GINT64_CONSTANT (1717225200) * HB_USEC_PER_SECOND)

static void
assert_error_contains (GError     *error,
                       GQuark      domain,
                       int         code,
                       const char *substring)
{
  g_assert_error (error, domain, code);
  if (strstr (error->message, substring) == NULL)
    g_error ("error message '%s' does not contain '%s'", error->message, substring);
}

static void
noop_cb (HbClock  *clock,
         gpointer  user_data)
{
}

/*
 * The due queue.
 */

typedef struct
{
  gint64  due;
  guint64 id;
  int     kind;
  gboolean removed;
} Expected;

static int
expected_compare (gconstpointer a,
                  gconstpointer b)
{
  const Expected *ea = a;
  const Expected *eb = b;

  if (ea->due != eb->due)
    return ea->due < eb->due ? -1 : 1;
  if (ea->id != eb->id)
    return ea->id < eb->id ? -1 : 1;
  return 0;
}

/* An entry's place is used again after it goes, under another id: the old id finds
 * nothing, and ids never seen find nothing either. */
static void
test_queue_stale_ids (void)
{
  g_autoptr(HbDueQueue) queue = _hb_due_queue_new ();
  guint64 first = _hb_due_queue_add (queue, 10, HB_CLOCK_ENTRY_TIMER, noop_cb, NULL);
  guint64 second;
  HbDueItem item;

  g_assert_true (_hb_due_queue_remove (queue, first));
  second = _hb_due_queue_add (queue, 20, HB_CLOCK_ENTRY_TIMER, noop_cb, NULL);
  g_assert_cmpuint (second, !=, first);
  g_assert_false (_hb_due_queue_contains (queue, first));
  g_assert_false (_hb_due_queue_remove (queue, first));
  g_assert_true (_hb_due_queue_contains (queue, second));
  g_assert_false (_hb_due_queue_contains (queue, 0));
  g_assert_false (_hb_due_queue_contains (queue, second + 1));
  g_assert_false (_hb_due_queue_contains (queue, G_MAXUINT64));
  g_assert_cmpuint (_hb_due_queue_get_length (queue), ==, 1);

  /* Same due time: the order they were added, whatever their ids. */
  _hb_due_queue_add (queue, 20, HB_CLOCK_ENTRY_TIMER, noop_cb, GUINT_TO_POINTER (2));
  g_assert_true (_hb_due_queue_pop (queue, &item));
  g_assert_cmpuint (item.id, ==, second);
  g_assert_true (_hb_due_queue_pop (queue, &item));
  g_assert_true (item.user_data == GUINT_TO_POINTER (2));
}

static void
test_queue_random_order (void)
{
  const guint n = 20000;
  g_autoptr(HbDueQueue) queue = _hb_due_queue_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);
  g_autoptr(GArray) expected = g_array_sized_new (FALSE, FALSE, sizeof (Expected), n);
  guint n_removed = 0;
  guint n_popped = 0;
  HbDueItem item;
  HbDueItem prev = { 0 };

  for (guint i = 0; i < n; i++)
    {
      /* Few distinct due times, so the id tie-break matters. */
      Expected e = {
        .due = g_rand_int_range (rand, 0, 500) * HB_USEC_PER_SECOND,
        .kind = g_rand_boolean (rand) ? HB_CLOCK_ENTRY_JOB : HB_CLOCK_ENTRY_TIMER,
      };

      e.id = _hb_due_queue_add (queue, e.due, e.kind, noop_cb, GUINT_TO_POINTER (i + 1));
      g_assert_cmpuint (e.id, !=, 0);
      if (i > 0)
        g_assert_cmpuint (e.id, >, g_array_index (expected, Expected, i - 1).id);
      g_array_append_val (expected, e);
    }
  g_assert_cmpuint (_hb_due_queue_get_length (queue), ==, n);

  /* Remove about a third, by id, in random order. */
  for (guint i = 0; i < n; i++)
    {
      Expected *e = &g_array_index (expected, Expected, g_rand_int_range (rand, 0, n));

      if (e->removed || g_rand_int_range (rand, 0, 3) != 0)
        continue;
      g_assert_true (_hb_due_queue_remove (queue, e->id));
      g_assert_false (_hb_due_queue_contains (queue, e->id));
      e->removed = TRUE;
      n_removed++;
    }
  g_assert_cmpuint (n_removed, >, n / 5);
  g_assert_cmpuint (_hb_due_queue_get_length (queue), ==, n - n_removed);
  g_assert_false (_hb_due_queue_remove (queue, g_array_index (expected, Expected, 0).removed ?
                                                  g_array_index (expected, Expected, 0).id :
                                                  G_MAXUINT64));

  g_array_sort (expected, expected_compare);

  /* The earliest per kind. */
  for (int kind = HB_CLOCK_ENTRY_TIMER; kind <= HB_CLOCK_ENTRY_JOB; kind++)
    {
      for (guint i = 0; i < expected->len; i++)
        {
          const Expected *e = &g_array_index (expected, Expected, i);

          if (e->removed || e->kind != kind)
            continue;
          g_assert_true (_hb_due_queue_peek (queue, kind, &item));
          g_assert_cmpuint (item.id, ==, e->id);
          g_assert_cmpint (item.due_usec, ==, e->due);
          break;
        }
    }

  /* Pops come out in (due, id) order and match the sorted survivors one by one. */
  for (guint i = 0; i < expected->len; i++)
    {
      const Expected *e = &g_array_index (expected, Expected, i);

      if (e->removed)
        continue;
      g_assert_true (_hb_due_queue_peek (queue, -1, NULL));
      g_assert_true (_hb_due_queue_pop (queue, &item));
      g_assert_cmpuint (item.id, ==, e->id);
      g_assert_cmpint (item.due_usec, ==, e->due);
      g_assert_cmpint (item.kind, ==, e->kind);
      g_assert_true (item.func == noop_cb);
      g_assert_nonnull (item.user_data);
      if (n_popped > 0)
        g_assert_true (prev.due_usec < item.due_usec ||
                       (prev.due_usec == item.due_usec && prev.id < item.id));
      prev = item;
      n_popped++;
    }
  g_assert_cmpuint (n_popped, ==, n - n_removed);
  g_assert_cmpuint (_hb_due_queue_get_length (queue), ==, 0);
  g_assert_false (_hb_due_queue_pop (queue, &item));
  g_assert_false (_hb_due_queue_peek (queue, -1, &item));
}

static void
test_queue_interleaved (void)
{
  g_autoptr(HbDueQueue) queue = _hb_due_queue_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GHashTable) live = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (guint64));
  gint64 last_due = G_MININT64;

  /* Adds, removes and pops mixed: entry memory is recycled, indexes must stay right. */
  for (guint round = 0; round < 30000; round++)
    {
      guint op = g_rand_int_range (rand, 0, 10);

      if (op < 5)
        {
          guint64 id = _hb_due_queue_add (queue, g_rand_int_range (rand, 0, 1000000),
                                          HB_CLOCK_ENTRY_TIMER, noop_cb, NULL);
          g_array_append_val (ids, id);
        }
      else if (op < 8 && ids->len > 0)
        {
          guint i = g_rand_int_range (rand, 0, ids->len);
          guint64 id = g_array_index (ids, guint64, i);

          g_assert_true (_hb_due_queue_remove (queue, id));
          g_array_remove_index_fast (ids, i);
        }
      else if (ids->len > 0)
        {
          HbDueItem item;
          HbDueItem peeked;

          g_assert_true (_hb_due_queue_peek (queue, HB_CLOCK_ENTRY_TIMER, &peeked));
          g_assert_true (_hb_due_queue_pop (queue, &item));
          g_assert_cmpuint (item.id, ==, peeked.id);
          for (guint i = 0; i < ids->len; i++)
            if (g_array_index (ids, guint64, i) == item.id)
              {
                g_array_remove_index_fast (ids, i);
                break;
              }
        }
      g_assert_cmpuint (_hb_due_queue_get_length (queue), ==, ids->len);
    }

  while (ids->len > 0)
    {
      HbDueItem item;

      g_assert_true (_hb_due_queue_pop (queue, &item));
      g_assert_cmpint (item.due_usec, >=, last_due);
      last_due = item.due_usec;
      g_array_set_size (ids, ids->len - 1);
    }
  g_assert_cmpuint (_hb_due_queue_get_length (queue), ==, 0);
}

static void
test_queue_million (void)
{
  g_autoptr(HbDueQueue) queue = _hb_due_queue_new ();
  const guint n = 1000000;
  HbDueItem item;
  gint64 last = G_MININT64;
  guint64 middle = 0;

  if (!g_test_slow () && g_getenv ("HB_TEST_MILLION") == NULL)
    {
      g_test_skip ("Slow: pass -m slow");
      return;
    }

  for (guint i = 0; i < n; i++)
    {
      guint64 id = _hb_due_queue_add (queue, (gint64) ((i * 2654435761u) % 86400) *
                                      HB_USEC_PER_SECOND, HB_CLOCK_ENTRY_JOB, noop_cb, NULL);
      if (i == n / 2)
        middle = id;
    }
  g_assert_true (_hb_due_queue_remove (queue, middle));
  g_assert_cmpuint (_hb_due_queue_get_length (queue), ==, n - 1);
  for (guint i = 0; i < n - 1; i++)
    {
      g_assert_true (_hb_due_queue_pop (queue, &item));
      g_assert_cmpint (item.due_usec, >=, last);
      last = item.due_usec;
    }
  g_assert_false (_hb_due_queue_pop (queue, &item));
}

/*
 * fire_due.
 */

typedef struct
{
  HbClock  *clock;
  GString  *log;
  guint64   to_remove;
  guint64   added;
  gint64    add_due;
  gboolean  add_on_fire;
} FireFixture;

typedef struct
{
  FireFixture *fixture;
  const char  *name;
} FireEntry;

static void
fire_cb (HbClock  *clock,
         gpointer  user_data)
{
  FireEntry *entry = user_data;
  FireFixture *fixture = entry->fixture;
  static FireEntry late = { NULL, "late" };

  g_assert_true (clock == fixture->clock);
  g_string_append_printf (fixture->log, "%s;", entry->name);

  if (fixture->to_remove != 0)
    {
      g_assert_true (hb_clock_remove_entry (clock, fixture->to_remove));
      fixture->to_remove = 0;
    }
  if (fixture->add_on_fire)
    {
      late.fixture = fixture;
      fixture->added = hb_clock_add_entry (clock, fixture->add_due, HB_CLOCK_ENTRY_JOB,
                                           fire_cb, &late);
      fixture->add_on_fire = FALSE;
    }
}

static void
test_fire_due_snapshot (void)
{
  g_autoptr(HbClock) clock = hb_clock_new (NULL, NULL);
  g_autoptr(GString) log = g_string_new (NULL);
  FireFixture fixture = { clock, log };
  FireEntry a = { &fixture, "a" };
  FireEntry b = { &fixture, "b" };
  FireEntry c = { &fixture, "c" };
  FireEntry d = { &fixture, "d" };
  FireEntry timer = { &fixture, "timer" };
  guint64 id_b;
  gint64 next;

  g_assert_true (hb_clock_set_usec (clock, T0, NULL));

  /* Same due time: insertion order. */
  hb_clock_add_entry (clock, T0 - 10, HB_CLOCK_ENTRY_JOB, fire_cb, &a);
  id_b = hb_clock_add_entry (clock, T0, HB_CLOCK_ENTRY_JOB, fire_cb, &b);
  hb_clock_add_entry (clock, T0 - 10, HB_CLOCK_ENTRY_TIMER, fire_cb, &timer);
  hb_clock_add_entry (clock, T0, HB_CLOCK_ENTRY_JOB, fire_cb, &d);
  hb_clock_add_entry (clock, T0 + 1, HB_CLOCK_ENTRY_JOB, fire_cb, &c);
  g_assert_cmpuint (hb_clock_get_n_entries (clock), ==, 5);

  /* While "a" fires: remove "b" (must not fire) and add an entry that is already due
   * (must wait for the next call). */
  fixture.to_remove = id_b;
  fixture.add_on_fire = TRUE;
  fixture.add_due = T0 - 100;

  g_assert_cmpuint (hb_clock_fire_due (clock), ==, 2);
  g_assert_cmpstr (log->str, ==, "a;timer;d;");
  g_assert_cmpuint (hb_clock_get_n_entries (clock), ==, 2);
  g_assert_true (hb_clock_peek_next (clock, -1, &next));
  g_assert_cmpint (next, ==, T0 - 100);

  g_string_truncate (log, 0);
  g_assert_cmpuint (hb_clock_fire_due (clock), ==, 1);
  g_assert_cmpstr (log->str, ==, "late;");
  g_assert_cmpuint (hb_clock_fire_due (clock), ==, 0);
  g_assert_cmpstr (log->str, ==, "late;");

  g_assert_true (hb_clock_advance (clock, 1e-6, NULL));
  g_assert_cmpuint (hb_clock_fire_due (clock), ==, 1);
  g_assert_cmpstr (log->str, ==, "late;c;");
  g_assert_cmpuint (hb_clock_get_n_entries (clock), ==, 0);
  g_assert_false (hb_clock_peek_next (clock, -1, NULL));
}

static void
readd_cb (HbClock  *clock,
          gpointer  user_data)
{
  guint *count = user_data;

  /* A recurring entry re-enqueued at now must not loop inside one call. */
  (*count)++;
  hb_clock_add_entry (clock, hb_clock_get_now_usec (clock), HB_CLOCK_ENTRY_JOB, readd_cb, count);
}

static void
test_fire_due_reenqueue (void)
{
  g_autoptr(HbClock) clock = hb_clock_new (NULL, NULL);
  guint count = 0;

  hb_clock_add_entry (clock, 0, HB_CLOCK_ENTRY_JOB, readd_cb, &count);
  g_assert_cmpuint (hb_clock_fire_due (clock), ==, 1);
  g_assert_cmpuint (count, ==, 1);
  g_assert_cmpuint (hb_clock_fire_due (clock), ==, 1);
  g_assert_cmpuint (count, ==, 2);
  g_assert_cmpuint (hb_clock_get_n_entries (clock), ==, 1);
}

static void
test_peek_by_kind (void)
{
  g_autoptr(HbClock) clock = hb_clock_new (NULL, NULL);
  guint64 job;
  gint64 due = 0;

  g_assert_false (hb_clock_peek_next (clock, HB_CLOCK_ENTRY_JOB, &due));
  hb_clock_add_entry (clock, 50, HB_CLOCK_ENTRY_TIMER, noop_cb, NULL);
  job = hb_clock_add_entry (clock, 70, HB_CLOCK_ENTRY_JOB, noop_cb, NULL);
  hb_clock_add_entry (clock, 90, HB_CLOCK_ENTRY_JOB, noop_cb, NULL);

  g_assert_true (hb_clock_peek_next (clock, -1, &due));
  g_assert_cmpint (due, ==, 50);
  g_assert_true (hb_clock_peek_next (clock, HB_CLOCK_ENTRY_JOB, &due));
  g_assert_cmpint (due, ==, 70);
  g_assert_true (hb_clock_peek_next (clock, HB_CLOCK_ENTRY_TIMER, &due));
  g_assert_cmpint (due, ==, 50);

  g_assert_true (hb_clock_remove_entry (clock, job));
  g_assert_false (hb_clock_remove_entry (clock, job));
  g_assert_true (hb_clock_peek_next (clock, HB_CLOCK_ENTRY_JOB, &due));
  g_assert_cmpint (due, ==, 90);
}

/*
 * Frozen time.
 */

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

static void
test_frozen_advance (void)
{
  g_autoptr(HbClock) clock = hb_clock_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  guint n_now = 0;
  gint64 now_prop = 0;

  g_signal_connect (clock, "notify::now", G_CALLBACK (count_notify_cb), &n_now);

  g_assert_true (hb_clock_get_frozen (clock));
  g_assert_cmpint (hb_clock_get_now_usec (clock), ==, 0);

  g_assert_true (hb_clock_set_usec (clock, T0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_now, ==, 1);

  g_assert_true (hb_clock_advance (clock, 1.5, &error));
  g_assert_no_error (error);
  g_assert_cmpint (hb_clock_get_now_usec (clock), ==, T0 + 1500000);
  g_assert_cmpuint (n_now, ==, 2);

  g_assert_true (hb_clock_advance (clock, 0, &error));
  g_assert_cmpuint (n_now, ==, 2);
  g_assert_true (hb_clock_set_usec (clock, T0 + 1500000, &error));
  g_assert_cmpuint (n_now, ==, 2);

  g_assert_true (hb_clock_advance (clock, 3600, &error));
  g_assert_cmpint (hb_clock_get_now_usec (clock), ==, T0 + 1500000 + 3600 * HB_USEC_PER_SECOND);
  g_assert_cmpuint (n_now, ==, 3);

  g_object_get (clock, "now", &now_prop, NULL);
  g_assert_cmpint (now_prop, ==, hb_clock_get_now_usec (clock));

  /* A frozen clock does not move on its own, and advancing fires nothing. */
  hb_clock_add_entry (clock, T0, HB_CLOCK_ENTRY_JOB, noop_cb, NULL);
  g_assert_cmpint (hb_clock_get_now_usec (clock), ==, now_prop);
  g_assert_cmpuint (hb_clock_get_n_entries (clock), ==, 1);
}

static void
test_bad_advance (void)
{
  g_autoptr(HbClock) clock = hb_clock_new (NULL, NULL);
  const double bad[] = { NAN, INFINITY, -INFINITY, -1, -1e-9 };
  g_autoptr(GError) error = NULL;

  g_assert_true (hb_clock_set_usec (clock, T0, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) local_error = NULL;

      g_assert_false (hb_clock_advance (clock, bad[i], &local_error));
      assert_error_contains (local_error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "finite");
      g_assert_cmpint (hb_clock_get_now_usec (clock), ==, T0);
    }

  g_assert_false (hb_clock_advance (clock, 1e300, &error));
  assert_error_contains (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "out of range");
  g_clear_error (&error);

  g_assert_false (hb_clock_set_usec (clock, T0 - 1, &error));
  assert_error_contains (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "back");
  g_assert_cmpint (hb_clock_get_now_usec (clock), ==, T0);
  g_clear_error (&error);

  g_assert_false (hb_clock_unfreeze (clock, 0, &error));
  assert_error_contains (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "scale");
  g_clear_error (&error);
  g_assert_false (hb_clock_unfreeze (clock, NAN, &error));
  assert_error_contains (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "scale");
  g_assert_true (hb_clock_get_frozen (clock));
}

static void
test_freeze (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(HbClock) clock = hb_clock_new (NULL, context);
  g_autoptr(GDateTime) at = g_date_time_new_utc (2024, 6, 1, 7, 0, 0.25);
  g_autoptr(GError) error = NULL;
  guint n_now = 0;
  guint n_frozen = 0;
  gint64 live;

  g_signal_connect (clock, "notify::now", G_CALLBACK (count_notify_cb), &n_now);
  g_signal_connect (clock, "notify::frozen", G_CALLBACK (count_notify_cb), &n_frozen);

  hb_clock_freeze (clock, at);
  g_assert_cmpint (hb_clock_get_now_usec (clock), ==, T0 + 250000);
  g_assert_cmpuint (n_now, ==, 1);
  g_assert_cmpuint (n_frozen, ==, 0);

  /* Freezing again at the same instant changes nothing. */
  hb_clock_freeze (clock, at);
  hb_clock_freeze (clock, NULL);
  g_assert_cmpuint (n_now, ==, 1);

  g_assert_true (hb_clock_unfreeze (clock, 1.0, &error));
  g_assert_no_error (error);
  g_assert_false (hb_clock_get_frozen (clock));
  g_assert_cmpuint (n_frozen, ==, 1);
  live = hb_clock_get_now_usec (clock);
  g_assert_cmpint (live, >=, T0 + 250000);
  /* Real time since unfreeze is tiny compared with an hour. */
  g_assert_cmpint (live, <, T0 + 3600 * HB_USEC_PER_SECOND);

  hb_clock_freeze (clock, NULL);
  g_assert_true (hb_clock_get_frozen (clock));
  g_assert_cmpuint (n_frozen, ==, 2);
  g_assert_cmpint (hb_clock_get_now_usec (clock), >=, live);

  /* Freezing may also move back (the harness's freeze_time replaces the instant). */
  {
    g_autoptr(GDateTime) earlier = g_date_time_new_utc (2020, 1, 1, 0, 0, 0);

    hb_clock_freeze (clock, earlier);
    g_assert_cmpint (hb_clock_get_now_usec (clock), ==,
                     G_GINT64_CONSTANT (1577836800) * HB_USEC_PER_SECOND);
  }
}

/*
 * Time zones.
 */

static void
test_time_zone (void)
{
  g_autoptr(HbClock) clock = hb_clock_new (NULL, NULL);
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr(GTimeZone) berlin2 = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) winter = NULL;
  g_autofree char *text = NULL;
  g_autofree char *winter_text = NULL;
  GTimeZone *prop_zone = NULL;
  guint n_zone = 0;

  g_assert_nonnull (berlin);
  g_assert_cmpstr (g_time_zone_get_identifier (hb_clock_get_time_zone (clock)), ==, "UTC");

  g_signal_connect (clock, "notify::time-zone", G_CALLBACK (count_notify_cb), &n_zone);
  g_assert_true (hb_clock_set_usec (clock, T0, NULL));

  hb_clock_set_time_zone (clock, berlin);
  g_assert_cmpuint (n_zone, ==, 1);
  berlin2 = g_time_zone_new_identifier ("Europe/Berlin");
  hb_clock_set_time_zone (clock, berlin2);
  g_assert_cmpuint (n_zone, ==, 1);

  g_object_get (clock, "time-zone", &prop_zone, NULL);
  g_assert_cmpstr (g_time_zone_get_identifier (prop_zone), ==, "Europe/Berlin");
  g_time_zone_unref (prop_zone);

  /* The instant is the same; only the reading changes. */
  g_assert_cmpint (hb_clock_get_now_usec (clock), ==, T0);
  now = hb_clock_get_now (clock);
  g_assert_cmpint (g_date_time_get_hour (now), ==, 9);
  text = hb_format_instant (now);
  g_assert_cmpstr (text, ==, "2024-06-01T09:00:00+02:00");

  winter = hb_clock_to_date_time (clock, G_GINT64_CONSTANT (1704067200) * HB_USEC_PER_SECOND);
  winter_text = hb_format_instant (winter);
  g_assert_cmpstr (winter_text, ==, "2024-01-01T01:00:00+01:00");

  hb_clock_set_time_zone (clock, NULL);
  g_assert_cmpuint (n_zone, ==, 2);
  g_assert_cmpstr (g_time_zone_get_identifier (hb_clock_get_time_zone (clock)), ==, "UTC");
}

/*
 * Parsing and formatting.
 */

static void
test_parse_duration (void)
{
  static const struct { const char *text; double seconds; } good[] = {
    { "30", 30 },
    { "1.5", 1.5 },
    { "0", 0 },
    { " 45 ", 45 },
    { "30s", 30 },
    { "5m", 300 },
    { "1h30m", 5400 },
    { "1h 30m 15s", 5415 },
    { "2d", 172800 },
    { "1.5h", 5400 },
    { "02:34:10", 9250 },
    { "01:30", 5400 },
    { "0:00:00.5", 0.5 },
  };
  static const struct { const char *text; const char *substring; } bad[] = {
    { "", "empty" },
    { "   ", "empty" },
    { "-5", "negative" },
    { "-1h", "negative" },
    { "nan", "finite" },
    { "inf", "finite" },
    { "Infinity", "finite" },
    { "abc", "expected" },
    { "5x", "expected" },
    { "30m1h", "expected" },
    { "1h1h", "expected" },
    { "1e5", "expected" },
    { "h", "expected" },
    { "1:2", "expected" },
    { "01:60", "expected" },
    { "00:00:61", "expected" },
    { "1::", "expected" },
    { "1.2.3", "expected" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      double seconds = -1;

      g_test_message ("duration '%s'", good[i].text);
      g_assert_true (hb_parse_duration (good[i].text, &seconds, &error));
      g_assert_no_error (error);
      g_assert_cmpfloat (seconds, ==, good[i].seconds);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *quoted = g_strdup_printf ("'%s'", bad[i].text);
      double seconds = 42;

      g_test_message ("duration '%s'", bad[i].text);
      g_assert_false (hb_parse_duration (bad[i].text, &seconds, &error));
      assert_error_contains (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT, bad[i].substring);
      assert_error_contains (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT, quoted);
      g_assert_cmpfloat (seconds, ==, 42);
    }

  {
    /* 400 digits overflow a double. */
    g_autofree char *huge = g_strnfill (400, '9');
    g_autoptr(GError) error = NULL;
    double seconds;

    g_assert_false (hb_parse_duration (huge, &seconds, &error));
    assert_error_contains (error, HB_ERROR, HB_ERROR_INVALID_ARGUMENT, "too large");
  }
}

static void
test_parse_time_of_day (void)
{
  static const struct { const char *text; int h, m, s; } good[] = {
    { "07:00", 7, 0, 0 },
    { "7:05", 7, 5, 0 },
    { "23:59:59", 23, 59, 59 },
    { "00:00:00", 0, 0, 0 },
  };
  static const struct { const char *text; const char *substring; } bad[] = {
    { "8am", "HH:MM" },
    { "25:00", "hour" },
    { "12:60", "minute" },
    { "12:00:60", "second" },
    { "", "HH:MM" },
    { "12", "HH:MM" },
    { "12:5", "HH:MM" },
    { "123:00", "HH:MM" },
    { "12:00:", "HH:MM" },
    { "12:00:00:00", "HH:MM" },
    { " 12:00", "HH:MM" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      int h = -1, m = -1, s = -1;

      g_assert_true (hb_parse_time_of_day (good[i].text, &h, &m, &s, &error));
      g_assert_no_error (error);
      g_assert_cmpint (h, ==, good[i].h);
      g_assert_cmpint (m, ==, good[i].m);
      g_assert_cmpint (s, ==, good[i].s);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *quoted = g_strdup_printf ("'%s'", bad[i].text);
      int h = -1, m = -1, s = -1;

      g_test_message ("time '%s'", bad[i].text);
      g_assert_false (hb_parse_time_of_day (bad[i].text, &h, &m, &s, &error));
      assert_error_contains (error, HB_ERROR, HB_ERROR_INVALID_TIME, bad[i].substring);
      assert_error_contains (error, HB_ERROR, HB_ERROR_INVALID_TIME, quoted);
      g_assert_cmpint (h, ==, -1);
    }
}

static void
test_parse_instant (void)
{
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  static const struct { const char *text; gint64 unix_seconds; const char *formatted; } good[] = {
    { "2024-06-01T07:00:00+00:00", 1717225200, "2024-06-01T07:00:00+00:00" },
    { "2024-06-01T07:00:00Z", 1717225200, "2024-06-01T07:00:00+00:00" },
    { "2024-06-01T09:00:00+02:00", 1717225200, "2024-06-01T09:00:00+02:00" },
    { "2024-06-01 07:00:00+00:00", 1717225200, "2024-06-01T07:00:00+00:00" },
    { "2024-06-01T07:00:00.5-04:30", 1717241400, "2024-06-01T07:00:00.500000-04:30" },
    /* Naive: taken in the default zone. */
    { "2024-06-01T09:00:00", 1717225200, "2024-06-01T09:00:00+02:00" },
  };
  static const char *bad[] = { "", "tomorrow", "2024-06-01", "2024-13-01T00:00:00Z",
                               "2024-06-01T25:00:00Z", "07:00" };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDateTime) dt = hb_parse_instant (good[i].text, berlin, &error);
      g_autofree char *text = NULL;

      g_test_message ("instant '%s'", good[i].text);
      g_assert_no_error (error);
      g_assert_nonnull (dt);
      g_assert_cmpint (g_date_time_to_unix (dt), ==, good[i].unix_seconds);
      text = hb_format_instant (dt);
      g_assert_cmpstr (text, ==, good[i].formatted);
    }

  {
    /* Without a default zone a naive time is UTC, never the machine's zone. */
    g_autoptr(GDateTime) dt = hb_parse_instant ("2024-06-01T07:00:00", NULL, NULL);

    g_assert_nonnull (dt);
    g_assert_cmpint (g_date_time_to_unix (dt), ==, 1717225200);
    g_assert_cmpint (g_date_time_get_utc_offset (dt), ==, 0);
  }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *quoted = g_strdup_printf ("'%s'", bad[i]);
      g_autoptr(GDateTime) dt = hb_parse_instant (bad[i], NULL, &error);

      g_assert_null (dt);
      assert_error_contains (error, HB_ERROR, HB_ERROR_INVALID_TIME, quoted);
      assert_error_contains (error, HB_ERROR, HB_ERROR_INVALID_TIME, "ISO 8601");
    }
}

static void
test_format_instant (void)
{
  g_autoptr(GDateTime) epoch = g_date_time_new_from_unix_utc (0);
  g_autoptr(GDateTime) micro = g_date_time_add (epoch, 1);
  g_autoptr(GTimeZone) kolkata = g_time_zone_new_identifier ("Asia/Kolkata");
  g_autoptr(GDateTime) india = g_date_time_to_timezone (epoch, kolkata);
  g_autoptr(GTimeZone) west = g_time_zone_new_offset (-3 * 3600 - 30 * 60);
  g_autoptr(GDateTime) newfoundland = g_date_time_to_timezone (epoch, west);
  g_autoptr(GDateTime) early = g_date_time_new_utc (5, 1, 2, 3, 4, 5);
  g_autofree char *a = hb_format_instant (epoch);
  g_autofree char *b = hb_format_instant (micro);
  g_autofree char *c = hb_format_instant (india);
  g_autofree char *d = hb_format_instant (newfoundland);
  g_autofree char *e = hb_format_instant (early);

  g_assert_cmpstr (a, ==, "1970-01-01T00:00:00+00:00");
  g_assert_cmpstr (b, ==, "1970-01-01T00:00:00.000001+00:00");
  g_assert_cmpstr (c, ==, "1970-01-01T05:30:00+05:30");
  g_assert_cmpstr (d, ==, "1969-12-31T20:30:00-03:30");
  g_assert_cmpstr (e, ==, "0005-01-02T03:04:05+00:00");
}

/*
 * A live clock fires through its main context.
 */

static void
count_fire_cb (HbClock  *clock,
               gpointer  user_data)
{
  (*(guint *) user_data)++;
}

static void
set_flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

/* Iterates @context until *count reaches @target; fails after 10 s of real time. */
static void
iterate_until (GMainContext *context,
               guint        *count,
               guint         target)
{
  g_autoptr(GSource) guard = g_timeout_source_new_seconds (10);
  gboolean timed_out = FALSE;

  g_source_set_callback (guard, G_SOURCE_FUNC (set_flag_cb), &timed_out, NULL);
  g_source_set_static_name (guard, "test guard");
  g_source_attach (guard, context);

  while (*count < target && !timed_out)
    g_main_context_iteration (context, TRUE);

  g_source_destroy (guard);
  if (timed_out)
    g_error ("the live clock did not fire within 10 s (%u of %u fired)", *count, target);
}

static void
test_live_fires_on_context (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(HbClock) clock = hb_clock_new (NULL, context);
  g_autoptr(GError) error = NULL;
  guint fired_now = 0;
  guint fired_later = 0;
  guint fired_far = 0;
  gint64 now;

  g_assert_true (hb_clock_set_usec (clock, T0, NULL));

  /* Already due: fires as soon as the clock is live and the context runs. */
  hb_clock_add_entry (clock, T0, HB_CLOCK_ENTRY_JOB, count_fire_cb, &fired_now);
  /* An hour of virtual time at a billion times real speed is 3.6 ms. */
  hb_clock_add_entry (clock, T0 + 3600 * HB_USEC_PER_SECOND, HB_CLOCK_ENTRY_TIMER,
                      count_fire_cb, &fired_later);
  /* Far away: must not fire. */
  hb_clock_add_entry (clock, G_MAXINT64, HB_CLOCK_ENTRY_TIMER, count_fire_cb, &fired_far);

  /* A frozen clock never fires from its context. */
  while (g_main_context_iteration (context, FALSE))
    ;
  g_assert_cmpuint (fired_now, ==, 0);

  g_assert_true (hb_clock_unfreeze (clock, 1e9, &error));
  g_assert_no_error (error);

  iterate_until (context, &fired_now, 1);
  iterate_until (context, &fired_later, 1);
  now = hb_clock_get_now_usec (clock);
  g_assert_cmpint (now, >=, T0 + 3600 * HB_USEC_PER_SECOND);
  g_assert_cmpuint (fired_now, ==, 1);
  g_assert_cmpuint (fired_far, ==, 0);
  g_assert_cmpuint (hb_clock_get_n_entries (clock), ==, 1);

  /* An entry added while live is picked up too. */
  hb_clock_add_entry (clock, hb_clock_get_now_usec (clock) + 60 * HB_USEC_PER_SECOND,
                      HB_CLOCK_ENTRY_JOB, count_fire_cb, &fired_now);
  iterate_until (context, &fired_now, 2);
  g_assert_cmpuint (fired_now, ==, 2);

  /* Frozen again: the context stays quiet. */
  hb_clock_freeze (clock, NULL);
  hb_clock_add_entry (clock, hb_clock_get_now_usec (clock), HB_CLOCK_ENTRY_JOB,
                      count_fire_cb, &fired_now);
  while (g_main_context_iteration (context, FALSE))
    ;
  g_assert_cmpuint (fired_now, ==, 2);
  g_assert_cmpuint (hb_clock_fire_due (clock), ==, 1);
  g_assert_cmpuint (fired_now, ==, 3);
}

static void
test_live_advance_fires (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(HbClock) clock = hb_clock_new (NULL, context);
  g_autoptr(GError) error = NULL;
  guint fired = 0;
  guint n_now = 0;

  g_assert_true (hb_clock_set_usec (clock, T0, NULL));
  g_assert_true (hb_clock_unfreeze (clock, 1.0, &error));
  g_assert_no_error (error);
  g_signal_connect (clock, "notify::now", G_CALLBACK (count_notify_cb), &n_now);

  hb_clock_add_entry (clock, T0 + 3600 * HB_USEC_PER_SECOND, HB_CLOCK_ENTRY_JOB,
                      count_fire_cb, &fired);
  /* At real speed the entry is an hour away. */
  while (g_main_context_iteration (context, FALSE))
    ;
  g_assert_cmpuint (fired, ==, 0);

  /* Jumping a live clock forward makes it due at once. */
  g_assert_true (hb_clock_advance (clock, 3600, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_now, ==, 1);
  g_assert_false (hb_clock_get_frozen (clock));
  iterate_until (context, &fired, 1);
  g_assert_cmpuint (fired, ==, 1);
  g_assert_cmpint (hb_clock_get_now_usec (clock), >=, T0 + 3600 * HB_USEC_PER_SECOND);
}

static void
nested_fire_cb (HbClock  *clock,
                gpointer  user_data)
{
  g_test_expect_message ("Hassbench", G_LOG_LEVEL_CRITICAL, "*outermost*");
  g_assert_cmpuint (hb_clock_fire_due (clock), ==, 0);
  g_test_assert_expected_messages ();
  (*(guint *) user_data)++;
}

static void
test_fire_due_nested (void)
{
  g_autoptr(HbClock) clock = hb_clock_new (NULL, NULL);
  guint count = 0;

  hb_clock_add_entry (clock, 0, HB_CLOCK_ENTRY_JOB, nested_fire_cb, &count);
  hb_clock_add_entry (clock, 0, HB_CLOCK_ENTRY_JOB, count_fire_cb, &count);
  g_assert_cmpuint (hb_clock_fire_due (clock), ==, 2);
  g_assert_cmpuint (count, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/hassbench/clock/queue/stale-ids", test_queue_stale_ids);
  g_test_add_func ("/hassbench/clock/queue/random-order", test_queue_random_order);
  g_test_add_func ("/hassbench/clock/queue/interleaved", test_queue_interleaved);
  g_test_add_func ("/hassbench/clock/queue/million", test_queue_million);
  g_test_add_func ("/hassbench/clock/fire-due/snapshot", test_fire_due_snapshot);
  g_test_add_func ("/hassbench/clock/fire-due/reenqueue", test_fire_due_reenqueue);
  g_test_add_func ("/hassbench/clock/fire-due/nested", test_fire_due_nested);
  g_test_add_func ("/hassbench/clock/peek-by-kind", test_peek_by_kind);
  g_test_add_func ("/hassbench/clock/frozen-advance", test_frozen_advance);
  g_test_add_func ("/hassbench/clock/bad-advance", test_bad_advance);
  g_test_add_func ("/hassbench/clock/freeze", test_freeze);
  g_test_add_func ("/hassbench/clock/time-zone", test_time_zone);
  g_test_add_func ("/hassbench/clock/parse-duration", test_parse_duration);
  g_test_add_func ("/hassbench/clock/parse-time-of-day", test_parse_time_of_day);
  g_test_add_func ("/hassbench/clock/parse-instant", test_parse_instant);
  g_test_add_func ("/hassbench/clock/format-instant", test_format_instant);
  g_test_add_func ("/hassbench/clock/live-fires-on-context", test_live_fires_on_context);
  g_test_add_func ("/hassbench/clock/live-advance-fires", test_live_advance_fires);

  return g_test_run ();
}
