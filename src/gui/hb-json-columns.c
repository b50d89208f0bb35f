/* hb-json-columns.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "hb-json-columns.h"
#include "hb-json-item.h"

/* Cells longer than this show their whole text in a tooltip. */
#define TOOLTIP_MIN_CHARS 40

/*
 * A member's text as hb_json_item_dup_text() has it, without a copy when the member is a
 * string (the common case). Anything else is formatted into *@owned, which the caller
 * frees. Cells and comparisons run this for every row they touch.
 */
static const char *
node_text (JsonNode  *node,
           char     **owned)
{
  *owned = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return "";
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_STRING)
        return json_node_get_string (node);
      if (type == G_TYPE_INT64)
        return *owned = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      if (type == G_TYPE_BOOLEAN)
        return json_node_get_boolean (node) ? "true" : "false";
    }
  return *owned = json_to_string (node, FALSE);
}

static const char *
peek_text (HbJsonItem  *item,
           const char  *path,
           char       **owned)
{
  return node_text (hb_json_item_lookup (item, path), owned);
}

static GQuark item_quark;
static GQuark handler_quark;

static void
refresh_cell (GtkInscription *label,
              HbJsonItem     *item,
              const char     *path)
{
  g_autofree char *owned = NULL;

  /* One line per cell: long JSON is cut by the inscription, the tooltip has it all. */
  gtk_inscription_set_text (label, peek_text (item, path, &owned));
}

static void
data_changed_cb (HbJsonItem  *item,
                 GParamSpec  *pspec,
                 GtkListItem *list_item)
{
  const char *path = g_object_get_data (G_OBJECT (list_item), "hb-path");

  refresh_cell (GTK_INSCRIPTION (gtk_list_item_get_child (list_item)), item, path);
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
                  const char *path)
{
  HbJsonItem *item = g_object_get_qdata (G_OBJECT (label), item_quark);
  g_autofree char *owned = NULL;
  const char *text;

  if (item == NULL)
    return FALSE;

  text = peek_text (item, path, &owned);
  if (g_utf8_strlen (text, TOOLTIP_MIN_CHARS + 1) <= TOOLTIP_MIN_CHARS)
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

  gtk_inscription_set_xalign (GTK_INSCRIPTION (label), 0);
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (label), 4);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (label), 16);
  gtk_widget_set_has_tooltip (label, TRUE);
  g_signal_connect (label, "query-tooltip", G_CALLBACK (query_tooltip_cb), (gpointer) path);
  /* The path lives as long as the factory (see hb_json_columns_add). */
  g_object_set_data (G_OBJECT (list_item), "hb-path", (gpointer) path);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         gpointer                  user_data)
{
  HbJsonItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  const char *path = g_object_get_data (G_OBJECT (list_item), "hb-path");
  gulong id;

  refresh_cell (GTK_INSCRIPTION (label), item, path);
  /* Not a reference: the list item holds the row while it is bound, and unbind clears it. */
  g_object_set_qdata (G_OBJECT (label), item_quark, item);
  id = g_signal_connect (item, "notify::data", G_CALLBACK (data_changed_cb), list_item);
  g_object_set_qdata (G_OBJECT (list_item), handler_quark, GSIZE_TO_POINTER (id));
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  HbJsonItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *label = gtk_list_item_get_child (list_item);
  gulong id = GPOINTER_TO_SIZE (g_object_steal_qdata (G_OBJECT (list_item), handler_quark));

  if (label != NULL)
    g_object_set_qdata (G_OBJECT (label), item_quark, NULL);
  if (item != NULL && id != 0)
    g_signal_handler_disconnect (item, id);
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

static int
compare_cb (gconstpointer a,
            gconstpointer b,
            gpointer      user_data)
{
  const char *path = user_data;
  JsonNode *node_a = hb_json_item_lookup (HB_JSON_ITEM ((gpointer) a), path);
  JsonNode *node_b = hb_json_item_lookup (HB_JSON_ITEM ((gpointer) b), path);
  g_autofree char *owned_a = NULL;
  g_autofree char *owned_b = NULL;
  const char *ta, *tb;
  double na, nb;

  /* Numbers sort as numbers ("9" before "10"), everything else as text. JSON numbers
   * skip the round trip through text. */
  if (node_is_number (node_a) && node_is_number (node_b))
    {
      na = json_node_get_double (node_a);
      nb = json_node_get_double (node_b);
      return na < nb ? GTK_ORDERING_SMALLER : na > nb ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
    }

  ta = node_text (node_a, &owned_a);
  tb = node_text (node_b, &owned_b);
  if (text_number (ta, &na) && text_number (tb, &nb))
    return na < nb ? GTK_ORDERING_SMALLER : na > nb ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;

  return gtk_ordering_from_cmpfunc (g_utf8_collate (ta, tb));
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

  if (item_quark == 0)
    {
      item_quark = g_quark_from_static_string ("hb-json-columns-item");
      handler_quark = g_quark_from_static_string ("hb-json-columns-handler");
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
  sorter = gtk_custom_sorter_new (compare_cb, g_strdup (path), g_free);
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

  if (filter != NULL)
    {
      GtkFilterListModel *filtered = gtk_filter_list_model_new (current, g_object_ref (filter));

      gtk_filter_list_model_set_incremental (filtered, TRUE);
      current = G_LIST_MODEL (filtered);
    }

  sorted = gtk_sort_list_model_new (current, g_object_ref (gtk_column_view_get_sorter (view)));
  gtk_sort_list_model_set_incremental (sorted, TRUE);
  selection = gtk_single_selection_new (G_LIST_MODEL (sorted));
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
