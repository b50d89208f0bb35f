/* test-slot-model.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * HbSlotModel, the big panes' view model: slots mirror their rows and follow their
 * changes; small changes are passed on as they are (slots follow their rows); a bulk
 * change keeps the held slots (re-pointed) and announces only the difference in length,
 * away from them; changes are held back while a model below has work pending and shown
 * as one; and big changes near held slots come in steps, with rows on their way out
 * blanked at once.
 */

#include "config.h"

#include "hb-slot-model.h"
#include "hb-test-changes.h"

/* An object with a "pending" property, standing in for GTK's incremental models. */
#define TEST_TYPE_WORK (test_work_get_type ())
G_DECLARE_FINAL_TYPE (TestWork, test_work, TEST, WORK, GObject)

struct _TestWork
{
  GObject parent_instance;
  guint   pending;
};

G_DEFINE_FINAL_TYPE (TestWork, test_work, G_TYPE_OBJECT)

static GParamSpec *pending_pspec;

static void
test_work_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  g_value_set_uint (value, TEST_WORK (object)->pending);
}

static void
test_work_class_init (TestWorkClass *klass)
{
  G_OBJECT_CLASS (klass)->get_property = test_work_get_property;
  pending_pspec = g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                                     G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_property (G_OBJECT_CLASS (klass), 1, pending_pspec);
}

static void
test_work_init (TestWork *self)
{
}

static void
test_work_set_pending (TestWork *self,
                       guint     pending)
{
  self->pending = pending;
  g_object_notify_by_pspec (G_OBJECT (self), pending_pspec);
}

/* Fixtures **************************************************************************/

static HbJsonItem *
row_new (const char *name)
{
  g_autoptr(JsonObject) data = json_object_new ();

  json_object_set_string_member (data, "name", name);
  return hb_json_item_new (name, data);
}

/* @n rows named prefix0, prefix1, ... */
static GPtrArray *
rows_new (const char *prefix,
          guint       n)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s%u", prefix, i);

      g_ptr_array_add (rows, row_new (name));
    }
  return rows;
}

static GListStore *
store_new (const char *prefix,
           guint       n)
{
  GListStore *store = g_list_store_new (HB_TYPE_JSON_ITEM);
  g_autoptr(GPtrArray) rows = rows_new (prefix, n);

  g_list_store_splice (store, 0, 0, rows->pdata, rows->len);
  return store;
}

/* Replaces every row of @store with @n new ones, as one change. */
static void
store_replace (GListStore *store,
               const char *prefix,
               guint       n)
{
  g_autoptr(GPtrArray) rows = rows_new (prefix, n);

  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)), rows->pdata,
                       rows->len);
}

static const char *
name_at (GListModel *model,
         guint       position)
{
  g_autoptr(HbJsonItem) item = g_list_model_get_item (model, position);

  return json_object_get_string_member (hb_json_item_get_data (item), "name");
}

/* Slots for positions [from, to), held like a view holds its rows. */
static GPtrArray *
hold (HbSlotModel *slots,
      guint        from,
      guint        to)
{
  GPtrArray *held = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = from; i < to; i++)
    g_ptr_array_add (held, g_list_model_get_item (G_LIST_MODEL (slots), i));
  return held;
}

static void
assert_mirrors (HbSlotModel *slots,
                GListModel  *rows)
{
  guint n = g_list_model_get_n_items (rows);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpstr (name_at (G_LIST_MODEL (slots), i), ==, name_at (rows, i));
}

/* The @held slots are the ones at @from, @from + 1, ..., with the keys of @rows' rows
 * there (assert_mirrors checks their data). */
static void
assert_held_at (HbSlotModel *slots,
                GListModel  *rows,
                GPtrArray   *held,
                guint        from)
{
  for (guint i = 0; i < held->len; i++)
    {
      g_autoptr(HbJsonItem) slot = g_list_model_get_item (G_LIST_MODEL (slots), from + i);

      g_assert_true (slot == g_ptr_array_index (held, i));
      g_assert_cmpstr (hb_json_item_get_key (slot), ==, name_at (rows, from + i));
    }
}

/* Tests *****************************************************************************/

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static void
count_rows_cb (HbSlotModel *slots,
               guint       *count)
{
  (*count)++;
}

static void
test_mirror (void)
{
  g_autoptr(GListStore) store = store_new ("a", 3);
  g_autoptr(HbSlotModel) slots = hb_slot_model_new (G_LIST_MODEL (store));
  g_autoptr(HbJsonItem) row = g_list_model_get_item (G_LIST_MODEL (store), 1);
  g_autoptr(HbJsonItem) slot = g_list_model_get_item (G_LIST_MODEL (slots), 1);
  g_autoptr(HbJsonItem) again = g_list_model_get_item (G_LIST_MODEL (slots), 1);
  g_autoptr(JsonObject) data = json_object_new ();
  guint notified = 0;

  assert_mirrors (slots, G_LIST_MODEL (store));
  g_assert_true (slot == again);
  g_assert_true (slot != row);
  g_assert_cmpstr (hb_json_item_get_key (slot), ==, "a1");
  g_assert_true (hb_slot_model_get_row (slots, slot) == row);
  g_assert_true (hb_slot_model_get_row (slots, row) == row);
  g_assert_cmpuint (hb_slot_model_find_row (slots, row), ==, 1);

  /* The row changes in place: so does its slot, with a notification for its cells. */
  g_signal_connect (slot, "notify::data", G_CALLBACK (count_cb), &notified);
  json_object_set_string_member (data, "name", "changed");
  hb_json_item_set_data (row, data);
  g_assert_true (hb_json_item_get_data (slot) == data);
  g_assert_cmpuint (notified, ==, 1);
}

/* One row in, one row out: held slots follow their rows, as GTK expects of items. */
static void
test_small_change (void)
{
  g_autoptr(GListStore) store = store_new ("a", 10);
  g_autoptr(HbSlotModel) slots = hb_slot_model_new (G_LIST_MODEL (store));
  g_autoptr(GPtrArray) held = hold (slots, 0, 10);
  g_autoptr(HbJsonItem) fresh = row_new ("new");
  HbTestChanges changes = { 0, };

  hb_test_changes_record (G_LIST_MODEL (slots), &changes);
  g_list_store_insert (store, 0, fresh);
  g_assert_cmpuint (changes.n_emissions, ==, 1);
  g_assert_cmpuint (changes.position, ==, 0);
  g_assert_cmpuint (changes.removed, ==, 0);
  g_assert_cmpuint (changes.added, ==, 1);
  assert_mirrors (slots, G_LIST_MODEL (store));
  /* The slot that showed a0 shows it still, one further down. */
  {
    g_autoptr(HbJsonItem) second = g_list_model_get_item (G_LIST_MODEL (slots), 1);

    g_assert_true (second == g_ptr_array_index (held, 0));
  }

  g_list_store_remove (store, 5);
  g_assert_cmpuint (changes.n_emissions, ==, 2);
  g_assert_cmpuint (changes.position, ==, 5);
  g_assert_cmpuint (changes.removed, ==, 1);
  assert_mirrors (slots, G_LIST_MODEL (store));
}

/* A refilter to fewer rows, with a view scrolled to the end: the held slots stay (they
 * now mirror the new last rows), and the rows cut are before them. */
static void
test_bulk_shrink (void)
{
  g_autoptr(GListStore) store = store_new ("a", 100);
  g_autoptr(HbSlotModel) slots = hb_slot_model_new (G_LIST_MODEL (store));
  g_autoptr(GPtrArray) held = hold (slots, 90, 100);
  HbTestChanges changes = { 0, };

  hb_test_changes_record (G_LIST_MODEL (slots), &changes);
  store_replace (store, "b", 20);
  g_assert_cmpuint (changes.n_emissions, ==, 1);
  g_assert_cmpuint (changes.removed, ==, 80);
  g_assert_cmpuint (changes.added, ==, 0);
  g_assert_cmpuint (changes.position + changes.removed, <=, 90);
  assert_mirrors (slots, G_LIST_MODEL (store));
  assert_held_at (slots, G_LIST_MODEL (store), held, 10);
}

/* A refilter to as many rows, or more: nothing held is announced as replaced. */
static void
test_bulk_grow (void)
{
  g_autoptr(GListStore) store = store_new ("a", 10);
  g_autoptr(HbSlotModel) slots = hb_slot_model_new (G_LIST_MODEL (store));
  g_autoptr(GPtrArray) held = hold (slots, 0, 10);
  HbTestChanges changes = { 0, };

  hb_test_changes_record (G_LIST_MODEL (slots), &changes);
  store_replace (store, "b", 10);
  g_assert_cmpuint (changes.n_emissions, ==, 0);
  assert_mirrors (slots, G_LIST_MODEL (store));

  store_replace (store, "c", 200);
  g_assert_cmpuint (changes.n_emissions, ==, 1);
  g_assert_cmpuint (changes.position, ==, 10);
  g_assert_cmpuint (changes.removed, ==, 0);
  g_assert_cmpuint (changes.added, ==, 190);
  assert_mirrors (slots, G_LIST_MODEL (store));
  assert_held_at (slots, G_LIST_MODEL (store), held, 0);
}

/* While a model below has work pending, the last complete list stays; then the
 * difference is one change. */
static void
test_held_back (void)
{
  g_autoptr(GListStore) store = store_new ("a", 50);
  g_autoptr(HbSlotModel) slots = hb_slot_model_new (G_LIST_MODEL (store));
  g_autoptr(TestWork) work = g_object_new (TEST_TYPE_WORK, NULL);
  g_autoptr(GPtrArray) held = hold (slots, 0, 5);
  HbTestChanges changes = { 0, };
  guint changing = 0, changed = 0;

  hb_slot_model_wait_for (slots, G_OBJECT (work));
  hb_test_changes_record (G_LIST_MODEL (slots), &changes);
  g_signal_connect (slots, "rows-changing", G_CALLBACK (count_rows_cb), &changing);
  g_signal_connect (slots, "rows-changed", G_CALLBACK (count_rows_cb), &changed);

  test_work_set_pending (work, 100);
  store_replace (store, "b", 30);
  g_list_store_remove (store, 0);
  g_list_store_remove (store, 0);
  g_assert_cmpuint (changes.n_emissions, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==, 50);
  g_assert_cmpstr (name_at (G_LIST_MODEL (slots), 0), ==, "a0");

  /* Done: shown before the next frame (an idle), or at the next change. */
  test_work_set_pending (work, 0);
  g_assert_cmpuint (changes.n_emissions, ==, 0);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (changes.n_emissions, ==, 1);
  g_assert_cmpuint (changes.removed, ==, 22);
  g_assert_cmpuint (changes.added, ==, 0);
  g_assert_cmpuint (changing, ==, 1);
  g_assert_cmpuint (changed, ==, 1);
  assert_mirrors (slots, G_LIST_MODEL (store));
  g_assert_cmpstr (hb_json_item_get_key (g_ptr_array_index (held, 0)), ==, "b2");
}

/* With steps, a big change near held slots comes a step at a time: rows appear, and
 * rows on their way out are blank at once and go a step at a time, from the end. */
static void
test_steps (void)
{
  g_autoptr(GListStore) store = store_new ("a", 0);
  g_autoptr(HbSlotModel) slots = hb_slot_model_new (G_LIST_MODEL (store));
  g_autoptr(GPtrArray) held = NULL;
  guint pending_notified = 0;

  hb_slot_model_set_step (slots, 4);
  g_signal_connect (slots, "notify::pending", G_CALLBACK (count_cb), &pending_notified);

  store_replace (store, "a", 10);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==, 4);
  g_assert_cmpuint (hb_slot_model_get_pending (slots), ==, 6);
  g_assert_cmpuint (pending_notified, >, 0);
  hb_slot_model_advance (slots);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==, 8);
  hb_slot_model_advance (slots);
  g_assert_cmpuint (hb_slot_model_get_pending (slots), ==, 0);
  assert_mirrors (slots, G_LIST_MODEL (store));

  /* Down to 1 row with 10 held: 9 go, blank. */
  held = hold (slots, 0, 10);
  store_replace (store, "b", 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==, 6);
  g_assert_cmpuint (hb_slot_model_get_pending (slots), ==, 5);
  g_assert_cmpstr (name_at (G_LIST_MODEL (slots), 0), ==, "b0");
  for (guint i = 1; i < 6; i++)
    {
      g_autoptr(HbJsonItem) slot = g_list_model_get_item (G_LIST_MODEL (slots), i);

      g_assert_null (hb_slot_model_get_row (slots, slot));
      g_assert_cmpuint (json_object_get_size (hb_json_item_get_data (slot)), ==, 0);
    }
  while (hb_slot_model_get_pending (slots) > 0)
    hb_slot_model_advance (slots);
  assert_mirrors (slots, G_LIST_MODEL (store));
}

/* A row the model drops while changes are held back is still what the view shows, and
 * must stay alive until the catch-up (valgrind watches this in CI). */
static void
test_held_removal (void)
{
  g_autoptr(GListStore) store = store_new ("a", 10);
  g_autoptr(HbSlotModel) slots = hb_slot_model_new (G_LIST_MODEL (store));
  g_autoptr(TestWork) work = g_object_new (TEST_TYPE_WORK, NULL);

  hb_slot_model_wait_for (slots, G_OBJECT (work));
  test_work_set_pending (work, 1);
  g_list_store_remove (store, 0);
  g_list_store_remove (store, 0);
  /* Only the slot model holds a0 and a1 now. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (slots)), ==, 10);
  g_assert_cmpstr (name_at (G_LIST_MODEL (slots), 0), ==, "a0");
  g_assert_cmpstr (name_at (G_LIST_MODEL (slots), 1), ==, "a1");

  test_work_set_pending (work, 0);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  assert_mirrors (slots, G_LIST_MODEL (store));
}

/* Turning steps off shows a change under way to its end. */
static void
test_steps_off (void)
{
  g_autoptr(GListStore) store = store_new ("a", 0);
  g_autoptr(HbSlotModel) slots = hb_slot_model_new (G_LIST_MODEL (store));

  hb_slot_model_set_step (slots, 4);
  store_replace (store, "a", 100);
  g_assert_cmpuint (hb_slot_model_get_pending (slots), >, 0);
  hb_slot_model_set_step (slots, 0);
  g_assert_cmpuint (hb_slot_model_get_pending (slots), ==, 0);
  assert_mirrors (slots, G_LIST_MODEL (store));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/slot-model/mirror", test_mirror);
  g_test_add_func ("/slot-model/small-change", test_small_change);
  g_test_add_func ("/slot-model/bulk-shrink", test_bulk_shrink);
  g_test_add_func ("/slot-model/bulk-grow", test_bulk_grow);
  g_test_add_func ("/slot-model/held-back", test_held_back);
  g_test_add_func ("/slot-model/steps", test_steps);
  g_test_add_func ("/slot-model/held-removal", test_held_removal);
  g_test_add_func ("/slot-model/steps-off", test_steps_off);

  return g_test_run ();
}
