/* hb-step-detail.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <hassbench.h>
#include <string.h>

#include "hb-json-item.h"
#include "hb-step-detail.h"

/* Past this many rows a list says how many more there are instead of showing them: a
 * step that seeds a thousand entities must not build a thousand rows of labels. */
#define MAX_ROWS 200
/* How many earlier steps the state before a seeded change is looked for in. */
#define MAX_LOOK_BACK 500

struct _HbStepDetail
{
  GtkWidget   parent_instance;

  GListModel *steps;
  GListModel *events;
  int         step;
  HbJsonItem *step_item;      /* the watched steps row (its outcome arrives later) */
  guint       refresh_id;

  /* Template children */
  GtkWidget  *scroller;
  GtkLabel   *placeholder_label;
  GtkWidget  *outcome_box;
  GtkImage   *status_icon;
  GtkLabel   *outcome_label;
  GtkWidget  *changes_heading;
  GtkGrid    *changes_grid;
  GtkWidget  *handlers_heading;
  GtkGrid    *handlers_grid;
};

G_DEFINE_FINAL_TYPE (HbStepDetail, hb_step_detail, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STEP,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
grid_clear (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static GtkWidget *
cell_new (const char *text,
          gboolean    dim)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (dim)
    gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static void
grid_add_row (GtkGrid    *grid,
              int         row,
              const char *a,
              const char *b,
              const char *c)
{
  gtk_grid_attach (grid, cell_new (a, FALSE), 0, row, 1, 1);
  gtk_grid_attach (grid, cell_new (b, TRUE), 1, row, 1, 1);
  if (c != NULL)
    gtk_grid_attach (grid, cell_new (c, FALSE), 2, row, 1, 1);
}

static void
grid_add_more (GtkGrid *grid,
               int      row,
               guint    more)
{
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "… and %u more",
                                                        "… and %u more", more), more);

  gtk_grid_attach (grid, cell_new (text, TRUE), 0, row, 3, 1);
}

static gint64
event_step (GListModel *events,
            guint       position)
{
  g_autoptr(HbJsonItem) item = g_list_model_get_item (events, position);
  JsonNode *node = hb_json_item_lookup (item, "step");

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) ? json_node_get_int (node) : -1;
}

/* The first row of @events whose step is @step or later: rows are appended in step order. */
static guint
events_lower_bound (GListModel *events,
                    gint64      step)
{
  guint lo = 0;
  guint hi = g_list_model_get_n_items (events);

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (event_step (events, mid) < step)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static char *
node_to_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("—");
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return json_to_string (node, FALSE);
}

/* Before and after of one entity over the step: its first old state, its last new one. */
typedef struct
{
  JsonObject *before;  /* nullable: the entity did not exist */
  JsonObject *after;   /* nullable: the entity was removed */
} Change;

static void
change_free (gpointer data)
{
  Change *change = data;

  g_clear_pointer (&change->before, json_object_unref);
  g_clear_pointer (&change->after, json_object_unref);
  g_free (change);
}

static JsonObject *
dup_state (JsonObject *data,
           const char *name)
{
  JsonNode *node = json_object_get_member (data, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node)
         ? json_object_ref (json_node_get_object (node)) : NULL;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Adds one row per difference of @change; returns the next row. */
static int
add_change_rows (HbStepDetail *self,
                 const char   *entity_id,
                 Change       *change,
                 int           row,
                 guint        *skipped)
{
  JsonObject *before = change->before;
  JsonObject *after = change->after;
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  JsonObject *attrs[2] = { NULL, NULL };

  {
    g_autofree char *old_state = before ? node_to_text (json_object_get_member (before, "state"))
                                        : g_strdup ("—");
    g_autofree char *new_state = after ? node_to_text (json_object_get_member (after, "state"))
                                       : g_strdup ("—");

    if (before == NULL || after == NULL || g_strcmp0 (old_state, new_state) != 0)
      {
        g_autofree char *arrow = g_strdup_printf ("%s → %s", old_state, new_state);

        if (row < MAX_ROWS)
          grid_add_row (self->changes_grid, row++, entity_id, _("state"), arrow);
        else
          (*skipped)++;
      }
  }

  /* Attributes that differ, by name, so a diff reads the same every time. */
  if (before != NULL && json_object_has_member (before, "attributes"))
    attrs[0] = json_object_get_object_member (before, "attributes");
  if (after != NULL && json_object_has_member (after, "attributes"))
    attrs[1] = json_object_get_object_member (after, "attributes");
  for (guint k = 0; k < 2; k++)
    if (attrs[k] != NULL)
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *node;

        json_object_iter_init (&iter, attrs[k]);
        while (json_object_iter_next (&iter, &name, &node))
          if (g_hash_table_add (names, (gpointer) name))
            g_ptr_array_add (sorted, (gpointer) name);
      }
  g_ptr_array_sort (sorted, compare_names);

  for (guint i = 0; i < sorted->len; i++)
    {
      const char *name = g_ptr_array_index (sorted, i);
      JsonNode *a = attrs[0] && json_object_has_member (attrs[0], name)
                    ? json_object_get_member (attrs[0], name) : NULL;
      JsonNode *b = attrs[1] && json_object_has_member (attrs[1], name)
                    ? json_object_get_member (attrs[1], name) : NULL;
      g_autofree char *ta = NULL;
      g_autofree char *tb = NULL;
      g_autofree char *arrow = NULL;

      if (a != NULL && b != NULL && json_node_equal (a, b))
        continue;
      if (row >= MAX_ROWS)
        {
          (*skipped)++;
          continue;
        }
      ta = node_to_text (a);
      tb = node_to_text (b);
      arrow = g_strdup_printf ("%s → %s", ta, tb);
      grid_add_row (self->changes_grid, row++, entity_id, name, arrow);
    }
  return row;
}

/* One row per listener of a report list: "ran", "filtered" or "skipped". */
static int
add_handler_rows (HbStepDetail *self,
                  JsonObject   *report,
                  const char   *list,
                  const char   *verb,
                  const char   *what,
                  int           row,
                  guint        *skipped)
{
  JsonArray *array;

  if (report == NULL || !json_object_has_member (report, list) ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (report, list)))
    return row;

  array = json_object_get_array_member (report, list);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *entry = json_array_get_element (array, i);
      const char *listener = NULL;
      const char *reason = NULL;
      g_autofree char *detail = NULL;

      if (row >= MAX_ROWS)
        {
          (*skipped)++;
          continue;
        }
      if (JSON_NODE_HOLDS_VALUE (entry))
        listener = json_node_get_string (entry);
      else if (JSON_NODE_HOLDS_OBJECT (entry))
        {
          JsonObject *object = json_node_get_object (entry);

          listener = json_object_get_string_member_with_default (object, "listener", NULL);
          reason = json_object_get_string_member_with_default (object, "reason", NULL);
        }
      detail = reason != NULL ? g_strdup_printf ("%s: %s", what, reason) : g_strdup (what);
      gtk_grid_attach (self->handlers_grid, cell_new (listener ? listener : "?", FALSE),
                       0, row, 1, 1);
      gtk_grid_attach (self->handlers_grid, cell_new (verb, TRUE), 1, row, 1, 1);
      gtk_grid_attach (self->handlers_grid, cell_new (detail, FALSE), 2, row, 1, 1);
      row++;
    }
  return row;
}

static void
show_outcome (HbStepDetail *self,
              JsonObject   *data)
{
  JsonObject *step = json_object_get_object_member (data, "step");
  JsonObject *outcome = NULL;
  const char *status = json_object_get_string_member_with_default (data, "status", "");
  g_autoptr(HbStep) parsed = step != NULL ? hb_step_new_from_object (step, NULL) : NULL;
  g_autofree char *described = parsed != NULL ? hb_step_describe (parsed) : NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  const char *icon = "emblem-ok-symbolic";

  if (json_object_has_member (data, "outcome") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (data, "outcome")))
    outcome = json_object_get_object_member (data, "outcome");

  if (described == NULL && step != NULL)
    described = g_strdup (json_object_get_string_member_with_default (step, "kind", "?"));
  g_string_append_printf (text, "%d. %s\n", self->step + 1, described ? described : "?");
  if (g_str_equal (status, "running") || outcome == NULL)
    {
      icon = "content-loading-symbolic";
      g_string_append (text, _("Running…"));
    }
  else if (json_object_get_boolean_member_with_default (outcome, "ok", TRUE))
    g_string_append (text, _("ok"));
  else
    {
      JsonObject *error = json_object_has_member (outcome, "error") &&
                          JSON_NODE_HOLDS_OBJECT (json_object_get_member (outcome, "error"))
                          ? json_object_get_object_member (outcome, "error") : NULL;

      icon = "dialog-error-symbolic";
      g_string_append_printf (text, _("failed: %s"),
                              error != NULL
                                ? json_object_get_string_member_with_default (error, "message", "")
                                : status);
    }
  /* A row ahead of the session's cursor keeps the outcome of when it last ran; its events
   * are not in the events model until it is applied again. */
  if (!json_object_get_boolean_member_with_default (data, "applied", TRUE))
    g_string_append_printf (text, "\n%s", _("Not applied now: the outcome of its last run."));
  if (outcome != NULL && json_object_has_member (outcome, "clock"))
    {
      const char *clock = json_object_get_string_member_with_default (outcome, "clock", "");
      g_autoptr(GDateTime) at = g_date_time_new_from_iso8601 (clock, NULL);
      /* As the clock label writes it, in the clock's own offset. */
      g_autofree char *shown = at != NULL ? g_date_time_format (at, "%Y-%m-%d %H:%M:%S %:z")
                                          : g_strdup (clock);

      g_string_append_printf (text, "\n%s %s", _("Clock after:"), shown);
    }

  gtk_image_set_from_icon_name (self->status_icon, icon);
  gtk_label_set_label (self->outcome_label, text->str);
}

static JsonArray *
outcome_states (JsonObject *data)
{
  JsonNode *outcome = json_object_get_member (data, "outcome");
  JsonNode *states;

  if (outcome == NULL || !JSON_NODE_HOLDS_OBJECT (outcome))
    return NULL;
  states = json_object_get_member (json_node_get_object (outcome), "states");
  return states != NULL && JSON_NODE_HOLDS_ARRAY (states) ? json_node_get_array (states) : NULL;
}

/* The entity's state after the last earlier step that changed it, as {"state"}; NULL
 * when no earlier step did (or too far back to look). */
static JsonObject *
state_before (HbStepDetail *self,
              const char   *entity_id)
{
  for (int i = self->step - 1; i >= 0 && i >= self->step - MAX_LOOK_BACK; i--)
    {
      g_autoptr(HbJsonItem) row = g_list_model_get_item (self->steps, i);
      JsonArray *states = outcome_states (hb_json_item_get_data (row));

      for (guint k = states ? json_array_get_length (states) : 0; k > 0; k--)
        {
          JsonObject *entry = json_array_get_object_element (states, k - 1);

          if (entry != NULL &&
              g_strcmp0 (json_object_get_string_member_with_default (entry, "entity_id", NULL),
                         entity_id) == 0)
            {
              JsonNode *state = json_object_get_member (entry, "state");
              JsonObject *object;

              if (state == NULL || JSON_NODE_HOLDS_NULL (state))
                return NULL;
              object = json_object_new ();
              json_object_set_member (object, "state", json_node_copy (state));
              return object;
            }
        }
    }
  return NULL;
}

/*
 * Changes the state store saw without a dispatched event (seeding with set_state, the
 * app's own service calls): the outcome lists them with their new state only, and the
 * state before comes from the earlier steps' outcomes.
 */
static void
add_store_changes (HbStepDetail *self,
                   JsonObject   *data,
                   GHashTable   *changes,
                   GPtrArray    *order)
{
  JsonArray *states = outcome_states (data);
  g_autoptr(GHashTable) from_events = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < order->len; i++)
    g_hash_table_add (from_events, g_ptr_array_index (order, i));

  for (guint i = 0; states != NULL && i < json_array_get_length (states); i++)
    {
      JsonObject *entry = json_array_get_object_element (states, i);
      const char *entity_id =
        entry ? json_object_get_string_member_with_default (entry, "entity_id", NULL) : NULL;
      JsonNode *state = entry ? json_object_get_member (entry, "state") : NULL;
      Change *change;

      if (entity_id == NULL || g_hash_table_contains (from_events, entity_id))
        continue;

      change = g_hash_table_lookup (changes, entity_id);
      if (change == NULL)
        {
          char *key = g_strdup (entity_id);

          change = g_new0 (Change, 1);
          change->before = state_before (self, entity_id);
          g_hash_table_insert (changes, key, change);
          g_ptr_array_add (order, key);
        }
      g_clear_pointer (&change->after, json_object_unref);
      if (state != NULL && !JSON_NODE_HOLDS_NULL (state))
        {
          change->after = json_object_new ();
          json_object_set_member (change->after, "state", json_node_copy (state));
        }
    }
}

static void
refresh (HbStepDetail *self)
{
  g_autoptr(HbJsonItem) item = NULL;
  g_autoptr(GHashTable) changes = NULL;
  g_autoptr(GPtrArray) order = NULL;
  guint n_events, first;
  guint skipped_changes = 0, skipped_handlers = 0;
  int changes_row = 0, handlers_row = 0;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  grid_clear (self->changes_grid);
  grid_clear (self->handlers_grid);

  if (self->steps != NULL && self->step >= 0 &&
      (guint) self->step < g_list_model_get_n_items (self->steps))
    item = g_list_model_get_item (self->steps, self->step);

  gtk_widget_set_visible (GTK_WIDGET (self->placeholder_label), item == NULL);
  gtk_widget_set_visible (self->outcome_box, item != NULL);
  gtk_widget_set_visible (self->changes_heading, item != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->changes_grid), item != NULL);
  gtk_widget_set_visible (self->handlers_heading, item != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->handlers_grid), item != NULL);
  if (item == NULL)
    return;

  show_outcome (self, hb_json_item_get_data (item));

  changes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, change_free);
  order = g_ptr_array_new ();
  n_events = self->events != NULL ? g_list_model_get_n_items (self->events) : 0;
  first = n_events > 0 ? events_lower_bound (self->events, self->step) : 0;
  for (guint i = first; i < n_events; i++)
    {
      g_autoptr(HbJsonItem) row = g_list_model_get_item (self->events, i);
      JsonObject *data = hb_json_item_get_data (row);
      JsonNode *bus_node = json_object_get_member (data, "bus_event");
      JsonNode *report_node = json_object_get_member (data, "report");
      JsonObject *bus_event, *report, *event_data = NULL;
      const char *type, *entity_id = NULL;
      g_autofree char *what = NULL;

      if (json_object_get_int_member_with_default (data, "step", -1) != self->step)
        break;
      if (bus_node == NULL || !JSON_NODE_HOLDS_OBJECT (bus_node))
        continue;
      bus_event = json_node_get_object (bus_node);
      report = report_node && JSON_NODE_HOLDS_OBJECT (report_node)
               ? json_node_get_object (report_node) : NULL;
      type = json_object_get_string_member_with_default (bus_event, "event_type", "");
      if (json_object_has_member (bus_event, "data") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (bus_event, "data")))
        event_data = json_object_get_object_member (bus_event, "data");
      if (event_data != NULL)
        entity_id = json_object_get_string_member_with_default (event_data, "entity_id", NULL);

      if (g_str_equal (type, "state_changed") && entity_id != NULL)
        {
          Change *change = g_hash_table_lookup (changes, entity_id);

          if (change == NULL)
            {
              char *key = g_strdup (entity_id);

              change = g_new0 (Change, 1);
              change->before = dup_state (event_data, "old_state");
              g_hash_table_insert (changes, key, change);
              g_ptr_array_add (order, key);
            }
          g_clear_pointer (&change->after, json_object_unref);
          change->after = dup_state (event_data, "new_state");
        }

      what = entity_id != NULL ? g_strdup_printf ("%s %s", type, entity_id) : g_strdup (type);
      handlers_row = add_handler_rows (self, report, "ran", _("ran"), what,
                                       handlers_row, &skipped_handlers);
      handlers_row = add_handler_rows (self, report, "filtered", _("filtered out"), what,
                                       handlers_row, &skipped_handlers);
      handlers_row = add_handler_rows (self, report, "skipped", _("skipped"), what,
                                       handlers_row, &skipped_handlers);
    }

  add_store_changes (self, hb_json_item_get_data (item), changes, order);

  /* In the order the entities first changed. */
  for (guint i = 0; i < order->len; i++)
    {
      const char *key = g_ptr_array_index (order, i);

      changes_row = add_change_rows (self, key, g_hash_table_lookup (changes, key), changes_row,
                                     &skipped_changes);
    }

  if (changes_row == 0)
    gtk_grid_attach (self->changes_grid, cell_new (_("No entity changed."), TRUE), 0, 0, 3, 1);
  else if (skipped_changes > 0)
    grid_add_more (self->changes_grid, changes_row, skipped_changes);
  if (handlers_row == 0)
    gtk_grid_attach (self->handlers_grid, cell_new (_("No event reached a handler."), TRUE),
                     0, 0, 3, 1);
  else if (skipped_handlers > 0)
    grid_add_more (self->handlers_grid, handlers_row, skipped_handlers);
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  HbStepDetail *self = user_data;

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

/* Models change in batches while a step runs: one refresh per main loop turn. */
static void
queue_refresh (HbStepDetail *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, refresh_idle_cb, self, NULL);
}

static void
step_data_changed_cb (HbJsonItem   *item,
                      GParamSpec   *pspec,
                      HbStepDetail *self)
{
  queue_refresh (self);
}

/* Follows the selected step's row: its outcome is set when the step finishes. */
static void
watch_step_item (HbStepDetail *self)
{
  g_autoptr(HbJsonItem) item = NULL;

  if (self->steps != NULL && self->step >= 0 &&
      (guint) self->step < g_list_model_get_n_items (self->steps))
    item = g_list_model_get_item (self->steps, self->step);
  if (item == self->step_item)
    return;

  if (self->step_item != NULL)
    g_signal_handlers_disconnect_by_func (self->step_item, step_data_changed_cb, self);
  g_set_object (&self->step_item, item);
  if (item != NULL)
    g_signal_connect (item, "notify::data", G_CALLBACK (step_data_changed_cb), self);
}

static void
steps_changed_cb (GListModel   *steps,
                  guint         position,
                  guint         removed,
                  guint         added,
                  HbStepDetail *self)
{
  if (self->step < 0 || position > (guint) self->step)
    return;
  watch_step_item (self);
  queue_refresh (self);
}

static void
events_changed_cb (GListModel   *events,
                   guint         position,
                   guint         removed,
                   guint         added,
                   HbStepDetail *self)
{
  /* Rows of later steps do not change this one's detail. */
  if (self->step < 0)
    return;
  if (removed == 0 && position > 0 && event_step (events, position - 1) > self->step)
    return;
  queue_refresh (self);
}

static void
disconnect_models (HbStepDetail *self)
{
  if (self->step_item != NULL)
    g_signal_handlers_disconnect_by_func (self->step_item, step_data_changed_cb, self);
  g_clear_object (&self->step_item);
  if (self->steps != NULL)
    g_signal_handlers_disconnect_by_func (self->steps, steps_changed_cb, self);
  if (self->events != NULL)
    g_signal_handlers_disconnect_by_func (self->events, events_changed_cb, self);
  g_clear_object (&self->steps);
  g_clear_object (&self->events);
}

void
hb_step_detail_set_models (HbStepDetail *self,
                           GListModel   *steps,
                           GListModel   *events)
{
  g_return_if_fail (HB_IS_STEP_DETAIL (self));
  g_return_if_fail (steps == NULL || G_IS_LIST_MODEL (steps));
  g_return_if_fail (events == NULL || G_IS_LIST_MODEL (events));

  disconnect_models (self);
  if (steps != NULL)
    {
      self->steps = g_object_ref (steps);
      g_signal_connect (steps, "items-changed", G_CALLBACK (steps_changed_cb), self);
    }
  if (events != NULL)
    {
      self->events = g_object_ref (events);
      g_signal_connect (events, "items-changed", G_CALLBACK (events_changed_cb), self);
    }
  watch_step_item (self);
  refresh (self);
}

void
hb_step_detail_set_step (HbStepDetail *self,
                         int           step)
{
  g_return_if_fail (HB_IS_STEP_DETAIL (self));

  step = MAX (step, -1);
  if (self->step == step)
    return;

  self->step = step;
  watch_step_item (self);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

int
hb_step_detail_get_step (HbStepDetail *self)
{
  g_return_val_if_fail (HB_IS_STEP_DETAIL (self), -1);

  return self->step;
}

GtkWidget *
hb_step_detail_new (void)
{
  return g_object_new (HB_TYPE_STEP_DETAIL, NULL);
}

static void
hb_step_detail_dispose (GObject *object)
{
  HbStepDetail *self = HB_STEP_DETAIL (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  disconnect_models (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), HB_TYPE_STEP_DETAIL);

  G_OBJECT_CLASS (hb_step_detail_parent_class)->dispose (object);
}

static void
hb_step_detail_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  HbStepDetail *self = HB_STEP_DETAIL (object);

  switch (prop_id)
    {
    case PROP_STEP:
      g_value_set_int (value, self->step);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hb_step_detail_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  HbStepDetail *self = HB_STEP_DETAIL (object);

  switch (prop_id)
    {
    case PROP_STEP:
      hb_step_detail_set_step (self, g_value_get_int (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hb_step_detail_class_init (HbStepDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = hb_step_detail_dispose;
  object_class->get_property = hb_step_detail_get_property;
  object_class->set_property = hb_step_detail_set_property;

  properties[PROP_STEP] =
    g_param_spec_int ("step", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/dev/hassbench/Hassbench/hb-step-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, HbStepDetail, scroller);
  gtk_widget_class_bind_template_child (widget_class, HbStepDetail, placeholder_label);
  gtk_widget_class_bind_template_child (widget_class, HbStepDetail, outcome_box);
  gtk_widget_class_bind_template_child (widget_class, HbStepDetail, status_icon);
  gtk_widget_class_bind_template_child (widget_class, HbStepDetail, outcome_label);
  gtk_widget_class_bind_template_child (widget_class, HbStepDetail, changes_heading);
  gtk_widget_class_bind_template_child (widget_class, HbStepDetail, changes_grid);
  gtk_widget_class_bind_template_child (widget_class, HbStepDetail, handlers_heading);
  gtk_widget_class_bind_template_child (widget_class, HbStepDetail, handlers_grid);
}

static void
hb_step_detail_init (HbStepDetail *self)
{
  self->step = -1;
  gtk_widget_init_template (GTK_WIDGET (self));
  refresh (self);
}
