/* hb-json-columns.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hb-json-columns.h"
#include "hb-event-log.h"
#include "hb-json-item.h"
#include "hb-slot-model.h"

/* Cells longer than this (in bytes) show their whole text in a tooltip. */
#define TOOLTIP_MIN_LENGTH 40

/*
 * A member's text as hb_json_item_dup_text() has it, without allocating: strings (the
 * common case) as they are, booleans as constants, and numbers, objects and arrays
 * formatted (compact, as json_to_string() writes them) into one scratch buffer, valid
 * until the next call. Cells and comparisons run this for every row they touch, and
 * use the text at once. Main thread only.
 */
static const char *
node_text (JsonNode *node)
{
  static JsonGenerator *generator;
  static GString *scratch;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return "";
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_STRING)
        return json_node_get_string (node);
      if (type == G_TYPE_BOOLEAN)
        return json_node_get_boolean (node) ? "true" : "false";
    }

  if (generator == NULL)
    {
      generator = json_generator_new ();
      scratch = g_string_sized_new (256);
    }
  g_string_truncate (scratch, 0);
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    g_string_append_printf (scratch, "%" G_GINT64_FORMAT, json_node_get_int (node));
  else
    {
      json_generator_set_root (generator, node);
      json_generator_to_gstring (generator, scratch);
      /* The generator holds a copy of its root: let the row's data go. */
      json_generator_set_root (generator, NULL);
    }
  return scratch->str;
}

static const char *
peek_text (HbJsonItem *item,
           const char *path)
{
  return node_text (hb_json_item_lookup (item, path));
}

/* A cell's state, owned by its label and made once in setup. */
typedef struct
{
  GtkInscription *label;
  const char     *path;  /* the factory's */
  HbJsonItem     *item;  /* the bound row (not a reference: the list item holds it) */
} Cell;

/*
 * The cells showing one row, kept on the row while any is bound: the row gets one
 * notify::data handler, not one per cell, connected when its first cell binds and
 * disconnected when its last unbinds. Every connect and disconnect goes through GLib's
 * process-wide handler table, whose removals rehash it, and a jump scroll rebinds some
 * 800 cells (200 rows) per frame.
 */
typedef struct
{
  GPtrArray *cells;    /* Cell, not owned */
  gulong     handler;
} Watchers;

static GQuark cell_quark;
static GQuark watchers_quark;
static GQuark data_quark;
static guint notify_signal;

static void
refresh_cell (Cell *cell)
{
  /* One line per cell: long JSON is cut by the inscription, the tooltip has it all. */
  gtk_inscription_set_text (cell->label, peek_text (cell->item, cell->path));
}

static void
data_changed_cb (HbJsonItem *item,
                 GParamSpec *pspec,
                 Watchers   *watchers)
{
  for (guint i = 0; i < watchers->cells->len; i++)
    refresh_cell (g_ptr_array_index (watchers->cells, i));
}

/* Frees what the row kept if it dies with cells still bound (its handlers die with it). */
static void
watchers_free (gpointer data)
{
  Watchers *watchers = data;

  g_ptr_array_unref (watchers->cells);
  g_free (watchers);
}

static void
cell_watch (Cell       *cell,
            HbJsonItem *item)
{
  Watchers *watchers = g_object_get_qdata (G_OBJECT (item), watchers_quark);

  if (watchers == NULL)
    {
      watchers = g_new0 (Watchers, 1);
      watchers->cells = g_ptr_array_sized_new (4);
      watchers->handler =
        g_signal_connect_closure_by_id (item, notify_signal, data_quark,
                                        g_cclosure_new (G_CALLBACK (data_changed_cb),
                                                        watchers, NULL),
                                        FALSE);
      g_object_set_qdata_full (G_OBJECT (item), watchers_quark, watchers, watchers_free);
    }
  cell->item = item;
  g_ptr_array_add (watchers->cells, cell);
}

static void
cell_unwatch (Cell *cell)
{
  HbJsonItem *item = g_steal_pointer (&cell->item);
  Watchers *watchers;

  if (item == NULL)
    return;

  watchers = g_object_get_qdata (G_OBJECT (item), watchers_quark);
  g_assert (watchers != NULL);
  g_ptr_array_remove_fast (watchers->cells, cell);
  if (watchers->cells->len == 0)
    {
      g_signal_handler_disconnect (item, watchers->handler);
      g_object_set_qdata (G_OBJECT (item), watchers_quark, NULL);
    }
}

static void
cell_free (gpointer data)
{
  Cell *cell = data;

  cell_unwatch (cell);
  g_free (cell);
}

/*
 * Tooltips are computed when asked for, not set on bind: in GTK 4.8,
 * gtk_widget_set_tooltip_text() re-queries the tooltip at once, which on X11 is a
 * synchronous pointer query to the server. On every bound cell that made a jump scroll
 * (about 200 rows x 4 cells rebound) cost hundreds of milliseconds per frame.
 */
static gboolean
query_tooltip_cb (GtkWidget  *label,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  Cell *cell = g_object_get_qdata (G_OBJECT (label), cell_quark);
  const char *text;

  if (cell == NULL || cell->item == NULL)
    return FALSE;

  text = peek_text (cell->item, cell->path);
  if (strlen (text) <= TOOLTIP_MIN_LENGTH)
    return FALSE;

  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          const char               *path)
{
  GtkWidget *label = gtk_inscription_new (NULL);
  Cell *cell = g_new0 (Cell, 1);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (label), 0);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (label), 4);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (label), 16);
  gtk_widget_set_has_tooltip (label, TRUE);
  g_signal_connect (label, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);

  cell->label = GTK_INSCRIPTION (label);
  /* The path lives as long as the factory (see hb_json_columns_add). */
  cell->path = path;
  g_object_set_qdata_full (G_OBJECT (label), cell_quark, cell, cell_free);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         gpointer                  user_data)
{
  Cell *cell = g_object_get_qdata (G_OBJECT (gtk_list_item_get_child (list_item)), cell_quark);

  g_assert (cell->item == NULL);
  cell_watch (cell, gtk_list_item_get_item (list_item));
  refresh_cell (cell);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);

  if (label != NULL)
    cell_unwatch (g_object_get_qdata (G_OBJECT (label), cell_quark));
}

static gboolean
node_is_number (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

/* Whether @text reads as a number as a whole ("9", "10.5"; not "", not "9a"). */
static gboolean
text_number (const char *text,
             double     *number)
{
  char *end;

  if (*text == '\0')
    return FALSE;
  *number = g_ascii_strtod (text, &end);
  return *end == '\0';
}

/*
 * A row's sort key for one column, made on its first comparison, so sorting a million
 * rows formats and collates each cell once rather than twice per comparison (some
 * 20 million of them). It keeps a reference on the data it was made from: a row whose
 * data changed (hb_json_item_set_data always brings another object) gets a new key, and
 * the old object cannot be freed and its address reused while a key names it. A row
 * keeps one key: sorting by another column replaces it.
 */
typedef struct
{
  const char *path;       /* interned */
  JsonObject *data;
  double      number;
  gboolean    is_number;
  char        collated[]; /* g_utf8_collate_key() of the cell's text */
} SortKey;

static GQuark sort_key_quark;

static void
sort_key_free (gpointer data)
{
  SortKey *key = data;

  json_object_unref (key->data);
  g_free (key);
}

static const SortKey *
sort_key_get (HbJsonItem *item,
              const char *path)
{
  SortKey *key = g_object_get_qdata (G_OBJECT (item), sort_key_quark);
  JsonObject *data = hb_json_item_get_data (item);
  JsonNode *node;
  g_autofree char *collated = NULL;
  const char *text;
  gsize len;

  if (key != NULL && key->path == path && key->data == data)
    return key;

  node = hb_json_item_lookup (item, path);
  text = node_text (node);
  collated = g_utf8_collate_key (text, -1);
  len = strlen (collated);

  key = g_malloc (sizeof (SortKey) + len + 1);
  key->path = path;
  key->data = json_object_ref (data);
  /* Numbers sort as numbers ("9" before "10"); JSON numbers skip the text. */
  if (node_is_number (node))
    {
      key->number = json_node_get_double (node);
      key->is_number = TRUE;
    }
  else
    key->is_number = text_number (text, &key->number);
  memcpy (key->collated, collated, len + 1);
  g_object_set_qdata_full (G_OBJECT (item), sort_key_quark, key, sort_key_free);
  return key;
}

/* Numbers as numbers when both cells are numbers, everything else as text in the
 * user's collation (strcmp on collation keys orders as g_utf8_collate does). */
static int
compare_cb (gconstpointer a,
            gconstpointer b,
            gpointer      user_data)
{
  const char *path = user_data;
  const SortKey *ka = sort_key_get (HB_JSON_ITEM ((gpointer) a), path);
  const SortKey *kb = sort_key_get (HB_JSON_ITEM ((gpointer) b), path);

  if (ka->is_number && kb->is_number)
    return ka->number < kb->number ? GTK_ORDERING_SMALLER
           : ka->number > kb->number ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;

  return gtk_ordering_from_cmpfunc (strcmp (ka->collated, kb->collated));
}

GtkColumnViewColumn *
hb_json_columns_add (GtkColumnView *view,
                     const char    *title,
                     const char    *path,
                     gboolean       expand)
{
  GtkListItemFactory *factory;
  g_autoptr(GtkColumnViewColumn) column = NULL;
  g_autoptr(GtkCustomSorter) sorter = NULL;
  char *owned_path;

  g_return_val_if_fail (GTK_IS_COLUMN_VIEW (view), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (cell_quark == 0)
    {
      cell_quark = g_quark_from_static_string ("hb-json-columns-cell");
      watchers_quark = g_quark_from_static_string ("hb-json-columns-watchers");
      sort_key_quark = g_quark_from_static_string ("hb-json-columns-sort-key");
      data_quark = g_quark_from_static_string ("data");
      notify_signal = g_signal_lookup ("notify", G_TYPE_OBJECT);
    }

  /* The cells and the sorter each keep a copy of the path that dies with them. */
  factory = gtk_signal_list_item_factory_new ();
  owned_path = g_strdup (path);
  g_object_set_data_full (G_OBJECT (factory), "hb-path", owned_path, g_free);
  g_signal_connect_data (factory, "setup", G_CALLBACK (setup_cb), owned_path, NULL, 0);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), NULL);

  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  /* Interned: sort keys tell columns apart by the pointer. */
  sorter = gtk_custom_sorter_new (compare_cb, (gpointer) g_intern_string (path), NULL);
  gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
  gtk_column_view_append_column (view, column);

  return column;
}

typedef struct
{
  GtkScrolledWindow *scroller;
  GListModel        *model;
  gulong             handler_id;
  guint              idle_id;
} Follow;

/* The model may outlive the view: the view's death ends the following. */
static void
view_gone_cb (gpointer  user_data,
              GObject  *where_the_view_was)
{
  Follow *follow = user_data;

  g_clear_handle_id (&follow->idle_id, g_source_remove);
  g_signal_handler_disconnect (follow->model, follow->handler_id);
  g_object_unref (follow->model);
  g_free (follow);
}

static gboolean
scroll_to_end_cb (gpointer user_data)
{
  Follow *follow = user_data;
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (follow->scroller);

  follow->idle_id = 0;
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) -
                                 gtk_adjustment_get_page_size (adj));
  return G_SOURCE_REMOVE;
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Follow     *follow)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (follow->scroller);
  double end = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

  /* GTK 4.8 has no scroll_to: move the adjustment once the rows are laid out. */
  if (added > 0 && gtk_adjustment_get_value (adj) >= end - 1 && follow->idle_id == 0)
    follow->idle_id = g_idle_add_full (G_PRIORITY_LOW, scroll_to_end_cb, follow, NULL);
}

/*
 * A change to a slot model's rows leaves its selection at the same position, which may
 * now show another row: the row selected before the change is found again after it.
 * While the change is still coming in steps, a row not shown yet is looked for again
 * after each step.
 */
static GQuark selected_row_quark;

static void
rows_changing_cb (HbSlotModel        *slots,
                  GtkSingleSelection *selection)
{
  HbJsonItem *row = hb_slot_model_get_row (slots,
                                           gtk_single_selection_get_selected_item (selection));

  if (row != NULL)
    g_object_set_qdata_full (G_OBJECT (selection), selected_row_quark, g_object_ref (row),
                             g_object_unref);
}

static void
rows_changed_cb (HbSlotModel        *slots,
                 GtkSingleSelection *selection)
{
  HbJsonItem *was = g_object_get_qdata (G_OBJECT (selection), selected_row_quark);
  guint position;

  if (was == NULL)
    return;
  if (hb_slot_model_get_row (slots, gtk_single_selection_get_selected_item (selection)) != was)
    {
      position = hb_slot_model_find_row (slots, was);
      gtk_single_selection_set_selected (selection, position);
      if (position == GTK_INVALID_LIST_POSITION && hb_slot_model_get_pending (slots) > 0)
        return;
    }
  g_object_set_qdata (G_OBJECT (selection), selected_row_quark, NULL);
}

/*
 * Slot models and event logs show big changes in steps (a frame each) while their view is
 * on screen; a view that is not gets them at once.
 */
#define ROW_STEP 32

/* An event's row has more cells, and its steps come with the host's lines. */
#define LOG_STEP 16

static GQuark tick_quark;

static gboolean
advance_cb (GtkWidget     *view,
            GdkFrameClock *clock,
            gpointer       user_data)
{
  HbSlotModel *slots = user_data;

  hb_slot_model_advance (slots);
  if (hb_slot_model_get_pending (slots) > 0)
    return G_SOURCE_CONTINUE;
  g_object_set_qdata (G_OBJECT (view), tick_quark, NULL);
  return G_SOURCE_REMOVE;
}

static void
slots_pending_cb (HbSlotModel *slots,
                  GParamSpec  *pspec,
                  GtkWidget   *view)
{
  if (hb_slot_model_get_pending (slots) > 0 &&
      g_object_get_qdata (G_OBJECT (view), tick_quark) == NULL)
    g_object_set_qdata (G_OBJECT (view), tick_quark,
                        GUINT_TO_POINTER (gtk_widget_add_tick_callback (view, advance_cb,
                                                                        slots, NULL)));
}

static void
view_mapped_cb (GtkWidget   *view,
                HbSlotModel *slots)
{
  hb_slot_model_set_step (slots, ROW_STEP);
}

static void
view_unmapped_cb (GtkWidget   *view,
                  HbSlotModel *slots)
{
  guint tick = GPOINTER_TO_UINT (g_object_steal_qdata (G_OBJECT (view), tick_quark));

  if (tick != 0)
    gtk_widget_remove_tick_callback (view, tick);
  hb_slot_model_set_step (slots, 0);
}

static void
log_view_mapped_cb (GtkWidget  *view,
                    HbEventLog *log)
{
  hb_event_log_set_step (log, LOG_STEP);
}

static void
log_view_unmapped_cb (GtkWidget  *view,
                      HbEventLog *log)
{
  hb_event_log_set_step (log, 0);
}

static HbSlotModel *
slot_model_for_view (GtkColumnView *view,
                     GListModel    *model)
{
  HbSlotModel *slots = hb_slot_model_new (model);

  if (tick_quark == 0)
    {
      selected_row_quark = g_quark_from_static_string ("hb-json-columns-selected-row");
      tick_quark = g_quark_from_static_string ("hb-json-columns-tick");
    }
  g_signal_connect_object (slots, "notify::pending", G_CALLBACK (slots_pending_cb), view, 0);
  g_signal_connect_object (view, "map", G_CALLBACK (view_mapped_cb), slots, 0);
  g_signal_connect_object (view, "unmap", G_CALLBACK (view_unmapped_cb), slots, 0);
  if (gtk_widget_get_mapped (GTK_WIDGET (view)))
    hb_slot_model_set_step (slots, ROW_STEP);
  return slots;
}

GtkSingleSelection *
hb_json_columns_set_model (GtkColumnView *view,
                           GListModel    *model,
                           GtkFilter     *filter,
                           gboolean       follow_tail)
{
  GListModel *current = g_object_ref (model);
  GtkSortListModel *sorted;
  GtkSingleSelection *selection;

  g_return_val_if_fail (GTK_IS_COLUMN_VIEW (view), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  /*
   * GTK 4.8's sort model takes a reference on every item it sorts. An event log makes
   * its items on demand so that a million rows stay small; sorting it would make all of
   * them (gigabytes, and half a minute of work), so its view is not sortable.
   */
  if (HB_IS_EVENT_LOG (model))
    {
      GListModel *columns = gtk_column_view_get_columns (view);

      g_return_val_if_fail (filter == NULL, NULL);
      /* Its first rows come in steps too while it is on screen. */
      g_signal_connect_object (view, "map", G_CALLBACK (log_view_mapped_cb), model, 0);
      g_signal_connect_object (view, "unmap", G_CALLBACK (log_view_unmapped_cb), model, 0);
      if (gtk_widget_get_mapped (GTK_WIDGET (view)))
        hb_event_log_set_step (HB_EVENT_LOG (model), LOG_STEP);
      for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
        {
          g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

          gtk_column_view_column_set_sorter (column, NULL);
        }
      selection = gtk_single_selection_new (current);
    }
  else
    {
      GtkFilterListModel *filtered = NULL;
      HbSlotModel *slots;

      /* Sorted, then filtered: a new search does not sort again. Both work in steps
       * between frames, and the slots show their result as one change when it is
       * complete (a first step would replace the rows on view, and only those). */
      sorted = gtk_sort_list_model_new (current,
                                        g_object_ref (gtk_column_view_get_sorter (view)));
      gtk_sort_list_model_set_incremental (sorted, TRUE);
      current = G_LIST_MODEL (sorted);
      if (filter != NULL)
        {
          filtered = gtk_filter_list_model_new (current, g_object_ref (filter));
          gtk_filter_list_model_set_incremental (filtered, TRUE);
          current = G_LIST_MODEL (filtered);
        }

      slots = slot_model_for_view (view, current);
      g_object_unref (current);
      hb_slot_model_wait_for (slots, G_OBJECT (sorted));
      if (filtered != NULL)
        hb_slot_model_wait_for (slots, G_OBJECT (filtered));
      selection = gtk_single_selection_new (G_LIST_MODEL (slots));
      g_signal_connect_object (slots, "rows-changing", G_CALLBACK (rows_changing_cb),
                               selection, 0);
      g_signal_connect_object (slots, "rows-changed", G_CALLBACK (rows_changed_cb),
                               selection, 0);
    }
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);

  if (follow_tail)
    {
      GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (view), GTK_TYPE_SCROLLED_WINDOW);
      Follow *follow;

      if (scroller != NULL)
        {
          follow = g_new0 (Follow, 1);
          follow->scroller = GTK_SCROLLED_WINDOW (scroller);
          follow->model = g_object_ref (model);
          follow->handler_id = g_signal_connect (model, "items-changed",
                                                 G_CALLBACK (items_changed_cb), follow);
          g_object_weak_ref (G_OBJECT (view), view_gone_cb, follow);
        }
    }

  return selection;
}
