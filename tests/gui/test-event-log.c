/* test-event-log.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HbEventLog, the events pane's compact model: staged rows show up with one
 * ::items-changed per flush, items carry the same JSON as the rows added (numbers,
 * nesting, unicode, member order), clearing empties it, and items are made on demand
 * and die when nobody holds them, so a long log does not keep a tree per row. Last, the
 * entity filter's HbTextNeedle.
 */

#include "config.h"

#include <string.h>

#include "hb-event-log.h"
#include "hb-test-changes.h"
#include "hb-json-item.h"
#include "hb-session-private.h"

/* A dispatch row as the session makes it: {bus_event, report, step, clock}. */
static JsonObject *
make_row (guint i)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *entity_id = g_strdup_printf ("light.l%u", i);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "bus_event");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "seq");
  json_builder_add_int_value (builder, i);
  json_builder_set_member_name (builder, "topic");
  json_builder_add_string_value (builder, "hass.event.state_changed");
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "entity_id");
  json_builder_add_string_value (builder, entity_id);
  json_builder_set_member_name (builder, "brightness");
  json_builder_add_double_value (builder, 0.5 + i);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "Küche \"Nord\"\n☀");
  json_builder_set_member_name (builder, "on");
  json_builder_add_boolean_value (builder, i % 2 == 0);
  json_builder_set_member_name (builder, "old");
  json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "report");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ran");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "on_motion");
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "skipped");
  json_builder_begin_array (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "step");
  json_builder_add_int_value (builder, i / 10);
  json_builder_set_member_name (builder, "clock");
  json_builder_add_string_value (builder, "2024-06-01T07:05:00+00:00");
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_object_ref (json_node_get_object (root));
}

static char *
object_text (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}

static void
assert_same_json (JsonObject *a,
                  JsonObject *b)
{
  g_autoptr(JsonNode) na = json_node_init_object (json_node_alloc (), a);
  g_autoptr(JsonNode) nb = json_node_init_object (json_node_alloc (), b);
  g_autofree char *ta = object_text (a);
  g_autofree char *tb = object_text (b);

  /* Same text means same member order and the same number forms too. */
  g_assert_cmpstr (ta, ==, tb);
  g_assert_true (json_node_equal (na, nb));
}

static void
add_rows (HbEventLog *log,
          guint       first,
          guint       n)
{
  for (guint i = first; i < first + n; i++)
    {
      g_autoptr(JsonObject) row = make_row (i);

      hb_event_log_add (log, row);
    }
}

static void
test_batching (void)
{
  g_autoptr(HbEventLog) log = hb_event_log_new ();
  GListModel *model = G_LIST_MODEL (log);
  HbTestChanges changes = { 0, };

  hb_test_changes_record (G_LIST_MODEL (log), &changes);
  g_assert_true (g_list_model_get_item_type (model) == HB_TYPE_JSON_ITEM);

  /* Staged rows are invisible until the flush, which announces them in one change. */
  add_rows (log, 0, 300);
  g_assert_cmpuint (changes.n_emissions, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_null (g_list_model_get_item (model, 0));

  hb_event_log_flush (log);
  g_assert_cmpuint (changes.n_emissions, ==, 1);
  g_assert_cmpuint (changes.position, ==, 0);
  g_assert_cmpuint (changes.removed, ==, 0);
  g_assert_cmpuint (changes.added, ==, 300);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 300);

  /* Nothing staged: nothing to announce. */
  hb_event_log_flush (log);
  g_assert_cmpuint (changes.n_emissions, ==, 1);

  add_rows (log, 300, 7);
  hb_event_log_flush (log);
  g_assert_cmpuint (changes.n_emissions, ==, 2);
  g_assert_cmpuint (changes.position, ==, 300);
  g_assert_cmpuint (changes.removed, ==, 0);
  g_assert_cmpuint (changes.added, ==, 7);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 307);
  g_assert_null (g_list_model_get_item (model, 307));
}

/* With steps (a view on screen), the first rows come a step at a time, the next ones a
 * frame's time later, each still carrying its own data; past the first few hundred, all
 * at once. */
static void
test_steps (void)
{
  g_autoptr(HbEventLog) log = hb_event_log_new ();
  GListModel *model = G_LIST_MODEL (log);
  HbTestChanges changes = { 0, };

  hb_test_changes_record (G_LIST_MODEL (log), &changes);
  hb_event_log_set_step (log, 32);
  add_rows (log, 0, 100);
  hb_event_log_flush (log);
  g_assert_cmpuint (changes.n_emissions, ==, 1);
  g_assert_cmpuint (changes.added, ==, 32);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 32);

  /* A flush before the next step only stages. */
  hb_event_log_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 32);
  while (g_list_model_get_n_items (model) < 100)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (changes.n_emissions, ==, 4);
  g_assert_cmpuint (changes.position, ==, 96);
  g_assert_cmpuint (changes.added, ==, 4);
  for (guint i = 0; i < 100; i++)
    {
      g_autoptr(HbJsonItem) item = g_list_model_get_item (model, i);
      g_autoptr(JsonObject) expected = make_row (i);

      assert_same_json (hb_json_item_get_data (item), expected);
    }

  /* Past the first rows, a flush shows all it has. */
  add_rows (log, 100, 500);
  hb_event_log_flush (log);
  while (g_list_model_get_n_items (model) < 600)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 600);
  g_assert_cmpuint (changes.n_emissions, ==, 4 + 6);

  /* Steps off (the view went off screen): what is staged shows at once. */
  hb_event_log_clear (log);
  hb_event_log_set_step (log, 32);
  add_rows (log, 0, 100);
  hb_event_log_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 32);
  hb_event_log_set_step (log, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 100);
}

typedef struct
{
  GPtrArray *rows;     /* JsonObject, as added */
  guint      n_same;   /* items read in the handler that carry the added object */
} FreshReader;

/* Reads every new row while the log announces it, as the entity history does. */
static void
read_fresh_cb (GListModel  *model,
               guint        position,
               guint        removed,
               guint        added,
               FreshReader *reader)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(HbJsonItem) item = g_list_model_get_item (model, i);

      if (hb_json_item_get_data (item) == g_ptr_array_index (reader->rows, i))
        reader->n_same++;
    }
}

static void
test_fresh_items (void)
{
  g_autoptr(HbEventLog) log = hb_event_log_new ();
  GListModel *model = G_LIST_MODEL (log);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  FreshReader reader = { rows, 0 };

  g_signal_connect (log, "items-changed", G_CALLBACK (read_fresh_cb), &reader);
  for (guint batch = 0; batch < 3; batch++)
    {
      for (guint i = 0; i < 400; i++)
        {
          JsonObject *row = make_row (rows->len);

          g_ptr_array_add (rows, row);
          hb_event_log_add (log, row);
        }
      hb_event_log_flush (log);
    }

  /* Announced rows are not decoded again for the reader... */
  g_assert_cmpuint (reader.n_same, ==, 1200);

  /* ...and afterwards the log holds only its encoding: rows no longer recent come back
   * as equal copies. */
  g_signal_handlers_disconnect_by_func (log, read_fresh_cb, &reader);
  {
    g_autoptr(HbJsonItem) first = g_list_model_get_item (model, 0);

    g_assert_true (hb_json_item_get_data (first) != g_ptr_array_index (rows, 0));
    assert_same_json (hb_json_item_get_data (first), g_ptr_array_index (rows, 0));
  }
}

static void
test_item_data (void)
{
  g_autoptr(HbEventLog) log = hb_event_log_new ();
  GListModel *model = G_LIST_MODEL (log);
  g_autoptr(JsonObject) big = json_object_new ();
  g_autoptr(GString) long_text = g_string_new (NULL);

  /* Enough rows to fill several text blocks, and one longer than a block. */
  add_rows (log, 0, 5000);
  while (long_text->len < 3 * 1024 * 1024)
    g_string_append (long_text, "0123456789abcdef");
  json_object_set_string_member (big, "message", long_text->str);
  json_object_set_int_member (big, "step", 99);
  hb_event_log_add (log, big);
  add_rows (log, 5000, 10);
  hb_event_log_flush (log);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 5011);

  for (guint i = 0; i < 5011; i += (i < 4990 ? 997 : 1))
    {
      g_autoptr(HbJsonItem) item = g_list_model_get_item (model, i);
      g_autoptr(JsonObject) expected = i == 5000 ? json_object_ref (big)
                                       : make_row (i < 5000 ? i : i - 1);
      g_autofree char *topic = NULL;

      g_assert_true (HB_IS_JSON_ITEM (item));
      g_assert_null (hb_json_item_get_key (item));
      assert_same_json (hb_json_item_get_data (item), expected);
      if (i != 5000)
        {
          topic = hb_json_item_dup_text (item, "bus_event.topic");
          g_assert_cmpstr (topic, ==, "hass.event.state_changed");
          g_assert_true (json_node_get_value_type (hb_json_item_lookup (item, "step")) ==
                         G_TYPE_INT64);
          g_assert_true (json_node_get_value_type (hb_json_item_lookup (item,
                                                   "bus_event.data.brightness")) ==
                         G_TYPE_DOUBLE);
        }
    }
}

static void
test_clear (void)
{
  g_autoptr(HbEventLog) log = hb_event_log_new ();
  GListModel *model = G_LIST_MODEL (log);
  HbTestChanges changes = { 0, };
  g_autoptr(HbJsonItem) held = NULL;
  g_autoptr(HbJsonItem) first = NULL;
  g_autoptr(JsonObject) expected = make_row (1000);

  add_rows (log, 0, 50);
  hb_event_log_flush (log);
  held = g_list_model_get_item (model, 3);
  g_assert_cmpuint (hb_event_log_get_size (log), >, 0);

  hb_test_changes_record (G_LIST_MODEL (log), &changes);
  hb_event_log_clear (log);
  g_assert_cmpuint (changes.n_emissions, ==, 1);
  g_assert_cmpuint (changes.position, ==, 0);
  g_assert_cmpuint (changes.removed, ==, 50);
  g_assert_cmpuint (changes.added, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_assert_cmpuint (hb_event_log_get_size (log), ==, 0);

  /* Clearing an empty log says nothing; staged rows are dropped too. */
  hb_event_log_clear (log);
  g_assert_cmpuint (changes.n_emissions, ==, 1);
  add_rows (log, 0, 5);
  hb_event_log_clear (log);
  hb_event_log_flush (log);
  g_assert_cmpuint (changes.n_emissions, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);

  /* An item held across the clear keeps its data; the log starts afresh. */
  g_assert_true (HB_IS_JSON_ITEM (held));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (
                     hb_json_item_get_data (held), "bus_event"), "seq"), ==, 3);
  add_rows (log, 1000, 1);
  hb_event_log_flush (log);
  first = g_list_model_get_item (model, 0);
  g_assert_true (first != held);
  assert_same_json (hb_json_item_get_data (first), expected);
}

static void
count_gone_cb (gpointer  data,
               GObject  *where_the_item_was)
{
  guint *n_gone = data;

  (*n_gone)++;
}

static void
test_items_on_demand (void)
{
  g_autoptr(HbEventLog) log = hb_event_log_new ();
  GListModel *model = G_LIST_MODEL (log);
  g_autoptr(HbJsonItem) held = NULL;
  g_autoptr(HbJsonItem) again = NULL;
  guint n_rows = 4000;
  guint n_gone = 0;
  gsize size;
  g_autofree char *entity_id = NULL;

  add_rows (log, 0, n_rows);
  hb_event_log_flush (log);

  /* A row's text and a pointer: far below json-glib trees (some 4 KiB a row). */
  size = hb_event_log_get_size (log);
  g_test_message ("%u rows take %" G_GSIZE_FORMAT " bytes", n_rows, size);
  g_assert_cmpuint (size / n_rows, <, 1024);

  /* While an item is held, the same row gives the same item. */
  held = g_list_model_get_item (model, 17);
  again = g_list_model_get_item (model, 17);
  g_assert_true (held == again);

  /* Walking the whole log keeps only a bounded number of items alive. */
  for (guint i = 0; i < n_rows; i++)
    {
      HbJsonItem *item = g_list_model_get_item (model, i);

      g_object_weak_ref (G_OBJECT (item), count_gone_cb, &n_gone);
      g_object_unref (item);
    }
  g_test_message ("%u of %u items died", n_gone, n_rows);
  g_assert_cmpuint (n_gone, >=, n_rows - 512);
  g_assert_cmpuint (n_gone, <, n_rows);

  /* A dead row's item is made again, with the same data. */
  {
    g_autoptr(HbJsonItem) remade = g_list_model_get_item (model, 0);
    g_autoptr(JsonObject) expected = make_row (0);

    assert_same_json (hb_json_item_get_data (remade), expected);
  }

  /* The log going away lets the items it kept go, and the held ones stay valid. */
  g_clear_object (&log);
  g_assert_cmpuint (n_gone, ==, n_rows - 1);
  entity_id = hb_json_item_dup_text (held, "bus_event.data.entity_id");
  g_assert_cmpstr (entity_id, ==, "light.l17");
}

/* The session's events pane is an HbEventLog with the rows the session made before. */
static void
test_session_events (void)
{
  g_autoptr(HbSession) session = hb_session_new ();
  GListModel *events = hb_session_get_events (session);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  HbTestChanges changes = { 0, };
  g_autoptr(HbJsonItem) item = NULL;
  JsonObject *data;

  g_assert_true (HB_IS_EVENT_LOG (events));
  hb_test_changes_record (G_LIST_MODEL (events), &changes);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *obs = json_object_new ();
      JsonObject *event = json_object_new ();

      json_object_set_string_member (obs, "event", "dispatch");
      json_object_set_int_member (event, "seq", i);
      json_object_set_string_member (event, "topic", "hass.event.state_changed");
      json_object_set_object_member (obs, "bus_event", event);
      json_object_set_object_member (obs, "report", json_object_new ());
      g_ptr_array_add (batch, obs);
    }
  _hb_session_apply_observations (session, batch);

  g_assert_cmpuint (changes.n_emissions, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (events), ==, 3);
  item = g_list_model_get_item (events, 2);
  data = hb_json_item_get_data (item);
  g_assert_false (json_object_has_member (data, "event"));
  g_assert_true (json_object_has_member (data, "report"));
  g_assert_cmpint (json_object_get_int_member (data, "step"), ==, -1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (data,
                                                                              "bus_event"),
                                               "seq"), ==, 2);
}

/* The entity filter's needle: folded once, matched in place, and ordered by prefix so
 * the filter can say whether a new search narrows or widens the old one. */
static void
test_text_needle (void)
{
  g_autoptr(HbTextNeedle) kitchen = hb_text_needle_new ("KitChen");
  g_autoptr(HbTextNeedle) kit = hb_text_needle_new ("kit");
  g_autoptr(HbTextNeedle) other = hb_text_needle_new ("kitten");
  g_autoptr(HbTextNeedle) umlaut = hb_text_needle_new ("KÜCHE");
  g_autoptr(JsonObject) data = json_object_new ();
  g_autoptr(HbJsonItem) item = NULL;

  g_assert_null (hb_text_needle_new (""));
  g_assert_null (hb_text_needle_new (NULL));

  g_assert_true (hb_text_needle_match (kitchen, "light.kitchen_ceiling"));
  g_assert_true (hb_text_needle_match (kitchen, "KITCHEN"));
  g_assert_true (hb_text_needle_match (kitchen, "the kitchen"));
  g_assert_false (hb_text_needle_match (kitchen, "kitche"));
  g_assert_false (hb_text_needle_match (kitchen, "kit chen"));
  g_assert_false (hb_text_needle_match (kitchen, ""));
  g_assert_true (hb_text_needle_match (kit, "kikit"));
  g_assert_true (hb_text_needle_match (umlaut, "Die küche"));
  g_assert_false (hb_text_needle_match (umlaut, "kuche"));
  g_assert_true (hb_text_needle_match (NULL, "anything"));

  g_assert_true (hb_text_needle_has_prefix (kitchen, kit));
  g_assert_false (hb_text_needle_has_prefix (kit, kitchen));
  g_assert_false (hb_text_needle_has_prefix (other, kitchen));
  g_assert_true (hb_text_needle_has_prefix (kit, NULL));
  g_assert_false (hb_text_needle_has_prefix (NULL, kit));
  g_assert_true (hb_text_needle_has_prefix (NULL, NULL));

  /* Strings are matched in place; other members as their cell text. */
  json_object_set_string_member (data, "entity_id", "sensor.Kitchen_temp");
  json_object_set_int_member (data, "kit", 42);
  json_object_set_null_member (data, "none");
  item = hb_json_item_new (NULL, data);
  g_assert_true (hb_json_item_match (item, "entity_id", kitchen));
  g_assert_false (hb_json_item_match (item, "entity_id", other));
  g_assert_false (hb_json_item_match (item, "none", kit));
  g_assert_false (hb_json_item_match (item, "missing", kit));
  {
    g_autoptr(HbTextNeedle) digits = hb_text_needle_new ("42");

    g_assert_true (hb_json_item_match (item, "kit", digits));
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/hassbench/event-log/batching", test_batching);
  g_test_add_func ("/hassbench/event-log/steps", test_steps);
  g_test_add_func ("/hassbench/event-log/item-data", test_item_data);
  g_test_add_func ("/hassbench/event-log/fresh-items", test_fresh_items);
  g_test_add_func ("/hassbench/event-log/clear", test_clear);
  g_test_add_func ("/hassbench/event-log/items-on-demand", test_items_on_demand);
  g_test_add_func ("/hassbench/event-log/session-events", test_session_events);
  g_test_add_func ("/hassbench/json-item/text-needle", test_text_needle);

  return g_test_run ();
}
