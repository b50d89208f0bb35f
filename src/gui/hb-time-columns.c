/* hb-time-columns.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <hassbench.h>

#include "hb-json-item.h"
#include "hb-time-columns.h"

#define NO_TIME G_MININT64

/* One column's state, shared (by reference) by its factory, its sorter and its cells. */
typedef struct
{
  char             *path;
  char             *property;
  HbTimeColumnKind  kind;
  gint64            now_usec;  /* NO_TIME while the clock is unknown */
  char             *now_text;  /* the clock as given, for HB_TIME_COLUMN_INSTANT */
  GPtrArray        *bound;     /* Cell, not owned: the cells bound to a row */
} Column;

typedef struct
{
  Column         *column;    /* a reference */
  GtkInscription *label;
  HbJsonItem     *item;      /* the bound row (the list item holds it) */
  gulong          handler;
  gint64          at_usec;   /* the row's instant, parsed once per bind or change */
} Cell;

static void
column_clear (Column *column)
{
  g_free (column->path);
  g_free (column->property);
  g_free (column->now_text);
  g_ptr_array_unref (column->bound);
}

static gint64
parse_instant (const char *text)
{
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL || *text == '\0')
    return NO_TIME;
  dt = g_date_time_new_from_iso8601 (text, NULL);
  return dt != NULL ? hb_date_time_to_usec (dt) : NO_TIME;
}

/* (nullable): the row's instant as the JSON has it */
static const char *
item_text (HbJsonItem *item,
           const char *path)
{
  JsonNode *node = hb_json_item_lookup (item, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
item_instant (HbJsonItem *item,
              const char *path)
{
  return parse_instant (item_text (item, path));
}

/* A span of time as people say it, to the precision a glance needs. */
static char *
format_span (gint64 usec)
{
  gint64 s = usec / G_USEC_PER_SEC;
  int days = (int) (s / 86400);
  int hours = (int) (s % 86400 / 3600);
  int minutes = (int) (s % 3600 / 60);

  if (s < 60)
    return g_strdup_printf (_("%d s"), (int) s);
  if (s < 3600)
    return g_strdup_printf (_("%d min"), minutes);
  if (days == 0)
    return minutes > 0 ? g_strdup_printf (_("%d h %d min"), hours, minutes)
                       : g_strdup_printf (_("%d h"), hours);
  return hours > 0 ? g_strdup_printf (_("%d d %d h"), days, hours)
                   : g_strdup_printf (_("%d d"), days);
}

char *
hb_time_columns_format (HbTimeColumnKind kind,
                        gint64           delta_usec)
{
  g_autofree char *span = NULL;

  if (kind == HB_TIME_COLUMN_AGE)
    return format_span (MAX (delta_usec, 0));

  if (ABS (delta_usec) < G_USEC_PER_SEC)
    return g_strdup (C_("job", "due"));
  span = format_span (ABS (delta_usec));
  /* TRANSLATORS: %s is a span of time, "4 min" */
  return delta_usec > 0 ? g_strdup_printf (_("in %s"), span) : g_strdup_printf (_("%s ago"), span);
}

char *
hb_time_columns_format_instant (const char *at,
                                const char *now)
{
  g_autoptr(GDateTime) at_dt = NULL;
  g_autoptr(GDateTime) now_dt = NULL;

  g_return_val_if_fail (at != NULL, NULL);

  at_dt = g_date_time_new_from_iso8601 (at, NULL);
  if (at_dt == NULL)
    return g_strdup (at);
  if (now != NULL)
    now_dt = g_date_time_new_from_iso8601 (now, NULL);
  if (now_dt != NULL)
    {
      /* The clock's day as seen in the row's own offset, so both are read alike. */
      g_autoptr(GDateTime) local_now = g_date_time_to_timezone (now_dt,
                                                                g_date_time_get_timezone (at_dt));

      if (local_now != NULL &&
          g_date_time_get_year (local_now) == g_date_time_get_year (at_dt) &&
          g_date_time_get_day_of_year (local_now) == g_date_time_get_day_of_year (at_dt))
        return g_date_time_format (at_dt, "%H:%M:%S");
    }
  return g_date_time_format (at_dt, "%Y-%m-%d %H:%M");
}

/* The row's instant in full, in its own offset: "2024-06-01 07:05:00 +02:00". */
static char *
format_full (const char *at)
{
  g_autoptr(GDateTime) dt = NULL;

  if (at == NULL || *at == '\0')
    return NULL;
  dt = g_date_time_new_from_iso8601 (at, NULL);
  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M:%S %:z") : g_strdup (at);
}

static void
refresh_cell (Cell *cell)
{
  Column *column = cell->column;
  g_autofree char *text = NULL;

  if (column->kind == HB_TIME_COLUMN_INSTANT)
    {
      const char *at = cell->at_usec != NO_TIME ? item_text (cell->item, column->path) : NULL;

      if (at != NULL)
        text = hb_time_columns_format_instant (at, column->now_text);
    }
  else if (cell->at_usec != NO_TIME && column->now_usec != NO_TIME)
    text = hb_time_columns_format (column->kind,
                                   column->kind == HB_TIME_COLUMN_AGE
                                     ? column->now_usec - cell->at_usec
                                     : cell->at_usec - column->now_usec);
  gtk_inscription_set_text (cell->label, text);
}

static void
data_changed_cb (HbJsonItem *item,
                 GParamSpec *pspec,
                 Cell       *cell)
{
  cell->at_usec = item_instant (item, cell->column->path);
  refresh_cell (cell);
}

static void
cell_unbind (Cell *cell)
{
  if (cell->item == NULL)
    return;
  g_clear_signal_handler (&cell->handler, cell->item);
  cell->item = NULL;
  g_ptr_array_remove_fast (cell->column->bound, cell);
}

static void
cell_free (gpointer data)
{
  Cell *cell = data;

  cell_unbind (cell);
  g_rc_box_release_full (cell->column, (GDestroyNotify) column_clear);
  g_free (cell);
}

static GQuark cell_quark;

char *
hb_time_columns_dup_tooltip (GtkWidget *cell)
{
  Cell *data;

  g_return_val_if_fail (GTK_IS_WIDGET (cell), NULL);

  data = cell_quark != 0 ? g_object_get_qdata (G_OBJECT (cell), cell_quark) : NULL;
  if (data == NULL || data->item == NULL)
    return NULL;
  return format_full (item_text (data->item, data->column->path));
}

/* Computed when asked for: setting tooltips on bind is slow on X11 (see hb-json-columns.c). */
static gboolean
query_tooltip_cb (GtkWidget  *label,
                  int         x,
                  int         y,
                  gboolean    keyboard_mode,
                  GtkTooltip *tooltip,
                  gpointer    user_data)
{
  g_autofree char *text = hb_time_columns_dup_tooltip (label);

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          Column                   *column)
{
  GtkWidget *label = gtk_inscription_new (NULL);
  Cell *cell = g_new0 (Cell, 1);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (label), 0);
  /* Wide enough for "2024-06-01 07:05" (an instant) or "in 23 h 59 min" (a span). */
  gtk_inscription_set_min_chars (GTK_INSCRIPTION (label),
                                 column->kind == HB_TIME_COLUMN_INSTANT ? 16 : 8);
  gtk_inscription_set_nat_chars (GTK_INSCRIPTION (label), 16);
  gtk_widget_add_css_class (label, "numeric");
  gtk_widget_set_has_tooltip (label, TRUE);
  g_signal_connect (label, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
  cell->column = g_rc_box_acquire (column);
  cell->label = GTK_INSCRIPTION (label);
  g_object_set_qdata_full (G_OBJECT (label), cell_quark, cell, cell_free);
  gtk_list_item_set_child (list_item, label);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         Column                   *column)
{
  Cell *cell = g_object_get_qdata (G_OBJECT (gtk_list_item_get_child (list_item)), cell_quark);

  cell_unbind (cell);
  cell->item = gtk_list_item_get_item (list_item);
  cell->handler = g_signal_connect (cell->item, "notify::data", G_CALLBACK (data_changed_cb), cell);
  cell->at_usec = item_instant (cell->item, column->path);
  g_ptr_array_add (column->bound, cell);
  refresh_cell (cell);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           Column                   *column)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);

  if (label != NULL)
    cell_unbind (g_object_get_qdata (G_OBJECT (label), cell_quark));
}

static void
read_clock (Column  *column,
            GObject *clock)
{
  g_autofree char *now = NULL;

  g_object_get (clock, column->property, &now, NULL);
  column->now_usec = parse_instant (now);
  g_free (column->now_text);
  column->now_text = g_steal_pointer (&now);
}

/* The clock moved: only the bound cells show a time, so only they are redone. */
static void
clock_changed_cb (GObject    *clock,
                  GParamSpec *pspec,
                  GObject    *factory)
{
  Column *column = g_object_get_qdata (factory, cell_quark);

  read_clock (column, clock);
  for (guint i = 0; i < column->bound->len; i++)
    refresh_cell (g_ptr_array_index (column->bound, i));
}

/* By the instant itself, earliest first; rows without one after the others. */
static int
compare_cb (gconstpointer a,
            gconstpointer b,
            gpointer      user_data)
{
  Column *column = user_data;
  gint64 ta = item_instant (HB_JSON_ITEM ((gpointer) a), column->path);
  gint64 tb = item_instant (HB_JSON_ITEM ((gpointer) b), column->path);

  if (ta == tb)
    return GTK_ORDERING_EQUAL;
  if (ta == NO_TIME)
    return GTK_ORDERING_LARGER;
  if (tb == NO_TIME)
    return GTK_ORDERING_SMALLER;
  return ta < tb ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
}

static void
column_release (gpointer data)
{
  g_rc_box_release_full (data, (GDestroyNotify) column_clear);
}

GtkColumnViewColumn *
hb_time_columns_add (GtkColumnView    *view,
                     const char       *title,
                     const char       *path,
                     HbTimeColumnKind  kind,
                     GObject          *clock,
                     const char       *property)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkColumnViewColumn) column = NULL;
  g_autoptr(GtkCustomSorter) sorter = NULL;
  g_autofree char *signal = NULL;
  Column *state;

  g_return_val_if_fail (GTK_IS_COLUMN_VIEW (view), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (G_IS_OBJECT (clock), NULL);
  g_return_val_if_fail (property != NULL, NULL);

  if (cell_quark == 0)
    cell_quark = g_quark_from_static_string ("hb-time-columns-cell");

  state = g_rc_box_new0 (Column);
  state->path = g_strdup (path);
  state->property = g_strdup (property);
  state->kind = kind;
  state->bound = g_ptr_array_new ();
  read_clock (state, clock);

  factory = gtk_signal_list_item_factory_new ();
  g_object_set_qdata_full (G_OBJECT (factory), cell_quark, state, column_release);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), state);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), state);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), state);
  /* Disconnected when the factory (the column) dies, whichever goes first. */
  signal = g_strdup_printf ("notify::%s", property);
  g_signal_connect_object (clock, signal, G_CALLBACK (clock_changed_cb), factory, 0);

  column = gtk_column_view_column_new (title, g_object_ref (factory));
  gtk_column_view_column_set_resizable (column, TRUE);
  sorter = gtk_custom_sorter_new (compare_cb, g_rc_box_acquire (state), column_release);
  gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
  gtk_column_view_append_column (view, column);

  return column;
}
