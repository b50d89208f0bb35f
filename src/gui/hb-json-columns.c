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

static void
refresh_cell (GtkListItem *list_item)
{
  const char *path = g_object_get_data (G_OBJECT (list_item), "hb-path");
  GtkInscription *label = GTK_INSCRIPTION (gtk_list_item_get_child (list_item));
  HbJsonItem *item = gtk_list_item_get_item (list_item);
  g_autofree char *text = NULL;

  if (item == NULL)
    return;

  text = hb_json_item_dup_text (item, path);
  /* One line per cell: long JSON is cut by the inscription, the tooltip has it all. */
  gtk_inscription_set_text (label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), strlen (text) > 40 ? text : NULL);
}

static void
data_changed_cb (HbJsonItem  *item,
                 GParamSpec  *pspec,
                 GtkListItem *list_item)
{
  refresh_cell (list_item);
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
  g_object_set_data_full (G_OBJECT (list_item), "hb-path", g_strdup (path), g_free);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         gpointer                  user_data)
{
  HbJsonItem *item = gtk_list_item_get_item (list_item);
  gulong id;

  refresh_cell (list_item);
  id = g_signal_connect (item, "notify::data", G_CALLBACK (data_changed_cb), list_item);
  g_object_set_data (G_OBJECT (list_item), "hb-handler", GSIZE_TO_POINTER (id));
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           gpointer                  user_data)
{
  HbJsonItem *item = gtk_list_item_get_item (list_item);
  gulong id = GPOINTER_TO_SIZE (g_object_steal_data (G_OBJECT (list_item), "hb-handler"));

  if (item != NULL && id != 0)
    g_signal_handler_disconnect (item, id);
}

static int
compare_cb (gconstpointer a,
            gconstpointer b,
            gpointer      user_data)
{
  const char *path = user_data;
  g_autofree char *ta = hb_json_item_dup_text (HB_JSON_ITEM ((gpointer) a), path);
  g_autofree char *tb = hb_json_item_dup_text (HB_JSON_ITEM ((gpointer) b), path);
  char *end_a, *end_b;
  double na = g_ascii_strtod (ta, &end_a);
  double nb = g_ascii_strtod (tb, &end_b);

  /* Numbers sort as numbers ("9" before "10"), everything else as text. */
  if (*ta != '\0' && *end_a == '\0' && *tb != '\0' && *end_b == '\0')
    return na < nb ? GTK_ORDERING_SMALLER : na > nb ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;

  return gtk_ordering_from_cmpfunc (g_utf8_collate (ta, tb));
}

GtkColumnViewColumn *
hb_json_columns_add (GtkColumnView *view,
                     const char    *title,
                     const char    *path,
                     gboolean       expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;
  g_autoptr(GtkCustomSorter) sorter = NULL;
  char *owned_path = g_strdup (path);

  g_return_val_if_fail (GTK_IS_COLUMN_VIEW (view), NULL);

  /* The path lives as long as the view: attach it there. */
  g_object_set_data_full (G_OBJECT (view), g_intern_string (path), owned_path, g_free);

  g_signal_connect_data (factory, "setup", G_CALLBACK (setup_cb), owned_path, NULL, 0);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), NULL);

  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  sorter = gtk_custom_sorter_new (compare_cb, owned_path, NULL);
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
