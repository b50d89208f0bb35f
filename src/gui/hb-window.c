/* hb-window.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <hassbench.h>

#include "hb-json-columns.h"
#include "hb-json-item.h"
#include "hb-time-columns.h"
#include "hb-window-private.h"

G_DEFINE_FINAL_TYPE (HbWindow, hb_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
_hb_window_show_error (HbWindow   *self,
                       const char *message)
{
  /* Replies can arrive after the window closed; there is nothing left to show them in. */
  if (gtk_widget_in_destruction (GTK_WIDGET (self)))
    return;

  gtk_label_set_label (self->error_label, message ? message : "");
  /* Restarting helps only when the host is gone; a refused step leaves it running. */
  gtk_widget_set_visible (GTK_WIDGET (self->restart_button),
                          hb_session_get_host_exited (self->session));
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static void
update_title (HbWindow *self)
{
  const char *title = hb_session_get_app_title (self->session);

  gtk_label_set_label (self->title_label, title ? title : _("Hassbench"));
  gtk_window_set_title (GTK_WINDOW (self), title ? title : _("Hassbench"));

  if (!hb_session_get_loaded (self->session))
    gtk_label_set_label (self->subtitle_label, _("No app loaded"));
  else if (self->scenario_file != NULL)
    {
      g_autofree char *name = g_file_get_basename (self->scenario_file);

      gtk_label_set_label (self->subtitle_label, name);
    }
  else
    gtk_label_set_label (self->subtitle_label, _("Unsaved session"));
}

/* "2024-06-01T07:05:00+00:00" -> "2024-06-01 07:05:00 +00:00" for reading. */
static char *
format_clock (const char *iso)
{
  g_autoptr(GDateTime) dt = NULL;

  if (iso == NULL)
    return g_strdup ("—");

  dt = g_date_time_new_from_iso8601 (iso, NULL);
  if (dt == NULL)
    return g_strdup (iso);

  return g_date_time_format (dt, "%Y-%m-%d %H:%M:%S %:z");
}

static void
update_clock (HbWindow *self)
{
  g_autofree char *text = format_clock (hb_session_get_clock_now (self->session));
  const char *zone = hb_session_get_time_zone (self->session);
  g_autofree char *tooltip =
    g_strdup_printf (_("The app's clock (%s). It moves only when you move it."),
                     zone ? zone : "UTC");

  gtk_label_set_label (self->clock_label, text);
  hb_timeline_set_now (self->timeline, hb_session_get_clock_now (self->session));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->clock_label), tooltip);
  /* While playing, the label says so (hb-window-play.c keeps it). */
  if (!self->playing)
    gtk_label_set_label (self->frozen_label,
                         hb_session_get_clock_frozen (self->session)
                         ? C_("clock", "frozen") : C_("clock", "live"));
}

static void
session_notify_cb (HbSession  *session,
                   GParamSpec *pspec,
                   HbWindow   *self)
{
  const char *name = g_param_spec_get_name (pspec);

  if (g_str_equal (name, "clock-now") || g_str_equal (name, "clock-frozen") ||
      g_str_equal (name, "time-zone"))
    update_clock (self);
  else if (g_str_equal (name, "app-title") || g_str_equal (name, "loaded"))
    update_title (self);
  else if (g_str_equal (name, "last-error"))
    _hb_window_show_error (self, hb_session_get_last_error (session));
  else if (g_str_equal (name, "busy"))
    gtk_spinner_set_spinning (self->busy_spinner, hb_session_get_busy (session));

  _hb_window_update_actions (self);
}

/* Keeps a tab's label as "Name (count)" so activity shows without switching tabs. */
static void
bind_tab_count (GtkLabel   *tab,
                GListModel *model,
                const char *name);

static void
tab_count_changed_cb (GListModel *model,
                      guint       position,
                      guint       removed,
                      guint       added,
                      GtkLabel   *tab)
{
  const char *name = g_object_get_data (G_OBJECT (tab), "hb-tab-name");
  guint n = g_list_model_get_n_items (model);
  g_autofree char *text = n > 0 ? g_strdup_printf ("%s (%u)", name, n) : g_strdup (name);

  gtk_label_set_label (tab, text);
}

static void
bind_tab_count (GtkLabel   *tab,
                GListModel *model,
                const char *name)
{
  g_object_set_data_full (G_OBJECT (tab), "hb-tab-name", g_strdup (name), g_free);
  g_signal_connect_object (model, "items-changed", G_CALLBACK (tab_count_changed_cb), tab, 0);
}

/* The entity filter's folded search text, kept on the filter (NULL: no search). */
static G_DEFINE_QUARK (hb-entity-needle, entity_needle)

static gboolean
entity_filter_func (gpointer item,
                    gpointer user_data)
{
  HbWindow *self = user_data;
  HbTextNeedle *needle = g_object_get_qdata (G_OBJECT (self->entity_filter),
                                             entity_needle_quark ());

  /* Runs on every row: no copies, the needle is folded once per search. */
  return hb_json_item_match (item, "entity_id", needle) ||
         hb_json_item_match (item, "state", needle);
}

static void
entity_search_changed_cb (GtkSearchEntry *entry,
                          HbWindow       *self)
{
  HbTextNeedle *old = g_object_get_qdata (G_OBJECT (self->entity_filter),
                                          entity_needle_quark ());
  HbTextNeedle *needle = hb_text_needle_new (gtk_editable_get_text (GTK_EDITABLE (entry)));
  gboolean stricter = hb_text_needle_has_prefix (needle, old);
  gboolean looser = hb_text_needle_has_prefix (old, needle);

  /* Typing on narrows what matched, deleting from the end widens it: the filter model
   * then only re-checks the rows that matched (or did not) before. */
  g_object_set_qdata_full (G_OBJECT (self->entity_filter), entity_needle_quark (), needle,
                           (GDestroyNotify) hb_text_needle_free);
  if (stricter && looser)
    return;
  /* No search: without a function the filter matches all, and the model shows every row
   * in one step instead of re-checking them all. From there, a search is checked on every
   * row whatever the change says. */
  if (needle == NULL || old == NULL)
    gtk_custom_filter_set_filter_func (self->entity_filter,
                                       needle != NULL ? entity_filter_func : NULL,
                                       needle != NULL ? self : NULL, NULL);
  else
    gtk_filter_changed (GTK_FILTER (self->entity_filter),
                        stricter ? GTK_FILTER_CHANGE_MORE_STRICT
                        : looser ? GTK_FILTER_CHANGE_LESS_STRICT
                        : GTK_FILTER_CHANGE_DIFFERENT);
}

static void
step_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *label = gtk_inscription_new (NULL);

  gtk_inscription_set_xalign (GTK_INSCRIPTION (label), 0);
  /* One line a step, cut at the end; the tooltip has the whole step and outcome. */
  gtk_inscription_set_nat_lines (GTK_INSCRIPTION (label), 1);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (label),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (list_item, box);
}

static void
refresh_step_row (GtkListItem *list_item)
{
  HbJsonItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *icon = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_last_child (box);
  JsonObject *data = hb_json_item_get_data (item);
  JsonObject *step = json_object_get_object_member (data, "step");
  const char *status = json_object_get_string_member_with_default (data, "status", "");
  const char *summary = json_object_get_string_member_with_default (data, "summary", "");
  g_autofree char *step_text = NULL;
  g_autofree char *text = NULL;
  const char *icon_name = "emblem-ok-symbolic";
  gboolean applied = json_object_get_boolean_member_with_default (data, "applied", TRUE);
  gboolean enabled = json_object_get_boolean_member_with_default (data, "enabled", TRUE);
  gboolean changed = json_object_get_boolean_member_with_default (data, "changed", FALSE);

  {
    g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), step);
    step_text = json_to_string (node, FALSE);
  }
  {
    /* "simulate_state_change binary_sensor.x: off -> on", as the library words it. */
    g_autoptr(HbStep) parsed = hb_step_new_from_object (step, NULL);
    g_autofree char *described = parsed != NULL ? hb_step_describe (parsed) : NULL;

    text = g_strdup_printf ("%" G_GINT64_FORMAT ". %s",
                            json_object_get_int_member_with_default (data, "index", 0) + 1,
                            described != NULL
                              ? described
                              : json_object_get_string_member_with_default (step, "kind", "?"));
  }

  if (g_str_equal (status, "running"))
    icon_name = "content-loading-symbolic";
  else if (g_str_equal (status, "failed") || g_str_equal (status, "error"))
    icon_name = "dialog-error-symbolic";
  else if (!enabled)
    icon_name = "action-unavailable-symbolic";
  else if (!applied)
    icon_name = "pan-end-symbolic";

  gtk_image_set_from_icon_name (GTK_IMAGE (icon), icon_name);
  gtk_inscription_set_text (GTK_INSCRIPTION (label), text);
  {
    /* Where the row stands in time, and whether the last run changed what it did. */
    const char *where = !enabled ? _("Disabled: left out of replays and saved scenarios.")
                        : !applied && !g_str_equal (status, "running")
                        ? _("Ahead: not applied now.") : NULL;
    const char *what = changed ? _("Its outcome changed from the previous run.") : NULL;
    g_autoptr(GString) tooltip = g_string_new (step_text);

    if (*summary != '\0')
      g_string_append_printf (tooltip, "\n\n%s", summary);
    if (where != NULL)
      g_string_append_printf (tooltip, "\n\n%s", where);
    if (what != NULL)
      g_string_append_printf (tooltip, "\n\n%s", what);
    gtk_widget_set_tooltip_text (box, tooltip->str);
  }
  if (!applied && enabled && !g_str_equal (status, "running"))
    gtk_widget_add_css_class (box, "step-ahead");
  else
    gtk_widget_remove_css_class (box, "step-ahead");
  if (!enabled)
    gtk_widget_add_css_class (label, "step-disabled");
  else
    gtk_widget_remove_css_class (label, "step-disabled");
  if (changed)
    gtk_widget_add_css_class (box, "step-changed");
  else
    gtk_widget_remove_css_class (box, "step-changed");

  if (g_str_equal (status, "failed") || g_str_equal (status, "error"))
    gtk_widget_add_css_class (label, "step-failed");
  else
    gtk_widget_remove_css_class (label, "step-failed");
}

static void
step_data_changed_cb (HbJsonItem  *item,
                      GParamSpec  *pspec,
                      GtkListItem *list_item)
{
  refresh_step_row (list_item);
}

static void
step_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  HbJsonItem *item = gtk_list_item_get_item (list_item);
  gulong id;

  refresh_step_row (list_item);
  id = g_signal_connect (item, "notify::data", G_CALLBACK (step_data_changed_cb), list_item);
  g_object_set_data (G_OBJECT (list_item), "hb-handler", GSIZE_TO_POINTER (id));
}

static void
step_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  gulong id = GPOINTER_TO_SIZE (g_object_steal_data (G_OBJECT (list_item), "hb-handler"));

  if (id != 0)
    g_signal_handler_disconnect (gtk_list_item_get_item (list_item), id);
}

/* The step detail is a view of (models, index): the selected step, or none. */
static void
show_selected_step (HbWindow *self)
{
  guint selected = gtk_single_selection_get_selected (self->step_selection);

  hb_step_detail_set_step (self->step_detail,
                           selected == GTK_INVALID_LIST_POSITION ? -1 : (int) selected);
}

static void
step_selected_cb (GtkSingleSelection *selection,
                  GParamSpec         *pspec,
                  HbWindow           *self)
{
  show_selected_step (self);
}

/* Selecting a drain error selects the step that caused it. */
static void
error_selected_cb (GtkSingleSelection *selection,
                   GParamSpec         *pspec,
                   HbWindow           *self)
{
  HbJsonItem *item = gtk_single_selection_get_selected_item (selection);
  JsonNode *step;

  if (item == NULL)
    return;
  step = hb_json_item_lookup (item, "step");
  /* Showing the step is not travelling to it: the house stays where it is. */
  if (step != NULL && JSON_NODE_HOLDS_VALUE (step) && json_node_get_int (step) >= 0)
    _hb_window_select_step_quietly (self, json_node_get_int (step));
}

/* An empty pane says so (the label under it in the .ui's overlay) instead of showing
 * bare column headers. */
static void
placeholder_update_cb (GListModel *model,
                       guint       position,
                       guint       removed,
                       guint       added,
                       GtkWidget  *label)
{
  gtk_widget_set_visible (label, g_list_model_get_n_items (model) == 0);
}

static void
bind_placeholder (GtkColumnView *view)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (view), GTK_TYPE_OVERLAY);
  GtkWidget *label = overlay != NULL ? gtk_widget_get_last_child (overlay) : NULL;
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));

  if (!GTK_IS_LABEL (label) || model == NULL)
    return;
  g_signal_connect_object (model, "items-changed", G_CALLBACK (placeholder_update_cb), label, 0);
  placeholder_update_cb (model, 0, 0, 0, label);
}

/* Row and step number columns take only the room they need (their titles are short in
 * every language: "#", "Step", "Schritt"). */
static void
narrow_column (GtkColumnViewColumn *column)
{
  gtk_column_view_column_set_fixed_width (column, 80);
}

static void
setup_panes (HbWindow *self)
{
  HbSession *s = self->session;
  g_autoptr(GtkListItemFactory) step_factory = gtk_signal_list_item_factory_new ();

  hb_json_columns_add (self->entities_view, _("Entity"), "entity_id", TRUE);
  hb_json_columns_add (self->entities_view, _("State"), "state", FALSE);
  /* Time columns show the time of day on the clock's day, the date otherwise; the whole
   * instant is in their tooltip. */
  hb_time_columns_add (self->entities_view, _("Last Changed"), "last_changed",
                       HB_TIME_COLUMN_INSTANT, G_OBJECT (s), "clock-now");
  hb_json_columns_add (self->entities_view, _("Attributes"), "attributes", TRUE);
  /* Without a search it has no function (see entity_search_changed_cb). */
  self->entity_filter = gtk_custom_filter_new (NULL, NULL, NULL);
  self->entity_selection = hb_json_columns_set_model (self->entities_view,
                                                      hb_session_get_entities (s),
                                                      GTK_FILTER (self->entity_filter), FALSE);

  hb_json_columns_add (self->tasks_view, _("Task"), "name", TRUE);
  hb_json_columns_add (self->tasks_view, _("State"), "state", FALSE);
  hb_time_columns_add (self->tasks_view, _("Age"), "created", HB_TIME_COLUMN_AGE,
                       G_OBJECT (s), "clock-now");
  hb_json_columns_add (self->tasks_view, _("Waits On"), "waits_on", TRUE);
  hb_json_columns_add (self->tasks_view, _("Owner"), "owner", FALSE);
  hb_json_columns_set_model (self->tasks_view, hb_session_get_tasks (s), NULL, FALSE);

  hb_json_columns_add (self->jobs_view, _("Job"), "name", TRUE);
  hb_json_columns_add (self->jobs_view, _("Trigger"), "trigger", TRUE);
  hb_time_columns_add (self->jobs_view, _("Next Run"), "next_run", HB_TIME_COLUMN_INSTANT,
                       G_OBJECT (s), "clock-now");
  hb_time_columns_add (self->jobs_view, _("In"), "next_run", HB_TIME_COLUMN_RELATIVE,
                       G_OBJECT (s), "clock-now");
  hb_json_columns_add (self->jobs_view, _("Group"), "group", FALSE);
  hb_json_columns_add (self->jobs_view, _("Runs"), "runs", FALSE);
  self->job_selection = hb_json_columns_set_model (self->jobs_view, hb_session_get_jobs (s),
                                                   NULL, FALSE);
  g_signal_connect_swapped (self->job_selection, "notify::selected-item",
                            G_CALLBACK (_hb_window_update_actions), self);

  narrow_column (hb_json_columns_add (self->calls_view, "#", "index", FALSE));
  hb_json_columns_add (self->calls_view, _("Method"), "method", FALSE);
  hb_json_columns_add (self->calls_view, _("Arguments"), "kwargs", TRUE);
  narrow_column (hb_json_columns_add (self->calls_view, _("Step"), "step", FALSE));
  hb_json_columns_set_model (self->calls_view, hb_session_get_calls (s), NULL, TRUE);

  hb_json_columns_add (self->events_view, _("Topic"), "bus_event.topic", TRUE);
  hb_json_columns_add (self->events_view, _("Entity"), "bus_event.data.entity_id", FALSE);
  hb_json_columns_add (self->events_view, _("Ran"), "report.ran", TRUE);
  hb_json_columns_add (self->events_view, _("Filtered Out"), "report.filtered", TRUE);
  narrow_column (hb_json_columns_add (self->events_view, _("Step"), "step", FALSE));
  hb_json_columns_set_model (self->events_view, hb_session_get_events (s), NULL, TRUE);

  hb_json_columns_add (self->listeners_view, _("Listener"), "name", FALSE);
  hb_json_columns_add (self->listeners_view, _("Subscription"), "description", TRUE);
  hb_json_columns_set_model (self->listeners_view, hb_session_get_listeners (s), NULL, FALSE);

  hb_json_columns_add (self->errors_view, _("Task"), "task", FALSE);
  hb_json_columns_add (self->errors_view, _("Message"), "message", TRUE);
  narrow_column (hb_json_columns_add (self->errors_view, _("Step"), "step", FALSE));
  self->error_selection = hb_json_columns_set_model (self->errors_view, hb_session_get_errors (s),
                                                     NULL, TRUE);

  hb_json_columns_add (self->log_view, _("Level"), "level", FALSE);
  hb_json_columns_add (self->log_view, _("Domain"), "domain", FALSE);
  hb_json_columns_add (self->log_view, _("Message"), "message", TRUE);
  hb_json_columns_set_model (self->log_view, hb_session_get_log (s), NULL, TRUE);

  bind_placeholder (self->entities_view);
  bind_placeholder (self->tasks_view);
  bind_placeholder (self->jobs_view);
  bind_placeholder (self->calls_view);
  bind_placeholder (self->events_view);
  bind_placeholder (self->listeners_view);
  bind_placeholder (self->errors_view);
  bind_placeholder (self->log_view);

  bind_tab_count (self->entities_tab, hb_session_get_entities (s), _("Entities"));
  bind_tab_count (self->tasks_tab, hb_session_get_tasks (s), _("Tasks"));
  bind_tab_count (self->jobs_tab, hb_session_get_jobs (s), _("Jobs"));
  bind_tab_count (self->calls_tab, hb_session_get_calls (s), _("API Calls"));
  bind_tab_count (self->events_tab, hb_session_get_events (s), _("Events"));
  bind_tab_count (self->listeners_tab, hb_session_get_listeners (s), _("Listeners"));
  bind_tab_count (self->errors_tab, hb_session_get_errors (s), _("Errors"));
  bind_tab_count (self->log_tab, hb_session_get_log (s), _("Log"));

  g_signal_connect (step_factory, "setup", G_CALLBACK (step_setup_cb), NULL);
  g_signal_connect (step_factory, "bind", G_CALLBACK (step_bind_cb), NULL);
  g_signal_connect (step_factory, "unbind", G_CALLBACK (step_unbind_cb), NULL);
  self->step_selection = gtk_single_selection_new (g_object_ref (hb_session_get_steps (s)));
  gtk_single_selection_set_autoselect (self->step_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->step_selection, TRUE);
  gtk_list_view_set_model (self->steps_view, GTK_SELECTION_MODEL (self->step_selection));
  gtk_list_view_set_factory (self->steps_view, step_factory);

  g_signal_connect (self->entity_search, "search-changed",
                    G_CALLBACK (entity_search_changed_cb), self);
  g_signal_connect (self->step_selection, "notify::selected-item",
                    G_CALLBACK (step_selected_cb), self);
  g_signal_connect (self->error_selection, "notify::selected-item",
                    G_CALLBACK (error_selected_cb), self);
  hb_step_detail_set_models (self->step_detail, hb_session_get_steps (s),
                             hb_session_get_events (s));
  show_selected_step (self);

  self->timeline = HB_TIMELINE (hb_timeline_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->timeline), TRUE);
  gtk_box_append (self->timeline_box, GTK_WIDGET (self->timeline));
  hb_timeline_set_models (self->timeline, hb_session_get_jobs (s), hb_session_get_calls (s),
                          hb_session_get_errors (s));
  hb_timeline_set_state_models (self->timeline, hb_session_get_entities (s),
                                hb_session_get_events (s));
  /* GtkBuilder (GTK 4.8) adds a paned's start child as shrinkable, whatever the .ui says:
   * the timeline keeps the height its lanes ask for. */
  {
    GtkWidget *pane = gtk_widget_get_parent (GTK_WIDGET (self->timeline_box));

    gtk_paned_set_shrink_start_child (GTK_PANED (pane), FALSE);
  }
  /* The same for the session pane (main_paned: the steps and their buttons keep their
   * width) and its steps list above the step detail. */
  {
    GtkWidget *steps_pane = gtk_widget_get_ancestor (GTK_WIDGET (self->steps_view),
                                                     GTK_TYPE_PANED);
    GtkWidget *main_pane = gtk_widget_get_ancestor (gtk_widget_get_parent (steps_pane),
                                                    GTK_TYPE_PANED);

    gtk_paned_set_shrink_start_child (GTK_PANED (steps_pane), FALSE);
    gtk_paned_set_shrink_start_child (GTK_PANED (main_pane), FALSE);
  }
  g_signal_connect_swapped (self->timeline, "seek", G_CALLBACK (_hb_window_seek), self);
}

/* The app menu's recent files: scenarios and modules, shared with every window through
 * the settings. */
static void
setup_recent (HbWindow *self)
{
  g_autoptr(GMenu) section = g_menu_new ();

  self->recent_scenarios = hb_recent_files_new (self->settings, "recent-scenarios",
                                                "win.open-recent");
  self->recent_modules = hb_recent_files_new (self->settings, "recent-modules",
                                              "win.open-recent");
  g_menu_append_submenu (section, _("Recent _Scenarios"),
                         hb_recent_files_get_menu (self->recent_scenarios));
  g_menu_append_submenu (section, _("Recent App _Modules"),
                         hb_recent_files_get_menu (self->recent_modules));
  /* After the Open items. */
  g_menu_insert_section (self->app_menu, 2, NULL, G_MENU_MODEL (section));
}

static void
load_settings (HbWindow *self)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, HB_APPLICATION_ID, TRUE);
  if (schema == NULL)
    {
      g_debug ("GSettings schema %s is not installed; window state is not kept",
               HB_APPLICATION_ID);
      return;
    }

  self->settings = g_settings_new_full (schema, NULL, NULL);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
hb_window_close_request (GtkWindow *window)
{
  HbWindow *self = HB_WINDOW (window);

  if (self->settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized",
                              gtk_window_is_maximized (window));
    }

  return GTK_WINDOW_CLASS (hb_window_parent_class)->close_request (window);
}

static void
hb_window_dispose (GObject *object)
{
  HbWindow *self = HB_WINDOW (object);

  _hb_window_history_dispose (self);
  _hb_window_play_dispose (self);
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      /* A step still running (a hanging app, say) must not keep its host alive. */
      hb_session_close (self->session);
    }

  /* No gtk_widget_dispose_template() here: GtkWindow's own dispose unparents its titlebar
   * and child, and GTK 4.8 warns when the template already did. */

  /* A window that is disposed closed cleanly (close button, Quit): nothing to restore.
   * A killed or crashed workbench never gets here, and its journal stays. */
  if (self->journal != NULL)
    hb_session_journal_discard (self->journal);
  g_clear_object (&self->journal);
  g_clear_object (&self->session);
  g_clear_object (&self->recent_scenarios);
  g_clear_object (&self->recent_modules);
  g_clear_object (&self->settings);
  g_clear_object (&self->scenario_file);
  g_clear_object (&self->entity_filter);
  g_clear_object (&self->step_selection);

  G_OBJECT_CLASS (hb_window_parent_class)->dispose (object);
}

static void
hb_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  HbWindow *self = HB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      if (!_hb_window_play_get_property (self, prop_id, value))
        G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
hb_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  if (!_hb_window_play_set_property (HB_WINDOW (object), prop_id, value))
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
hb_window_class_init (HbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = hb_window_dispose;
  object_class->get_property = hb_window_get_property;
  object_class->set_property = hb_window_set_property;
  window_class->close_request = hb_window_close_request;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, HB_TYPE_SESSION,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  _hb_window_class_play_init (klass);

  g_type_ensure (HB_TYPE_STEP_DETAIL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/dev/hassbench/Hassbench/hb-window.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, HbWindow, name)
  CHILD (app_menu);
  CHILD (header_bar);
  CHILD (app_button);
  CHILD (primary_menu_button);
  CHILD (title_label);
  CHILD (subtitle_label);
  CHILD (busy_spinner);
  CHILD (error_revealer);
  CHILD (restart_button);
  CHILD (error_label);
  CHILD (clock_label);
  CHILD (frozen_label);
  CHILD (duration_entry);
  CHILD (steps_view);
  CHILD (step_detail);
  CHILD (play_speed_button);
  CHILD (timeline_box);
  CHILD (notebook);
  CHILD (entity_search);
  CHILD (entities_view);
  CHILD (tasks_view);
  CHILD (jobs_view);
  CHILD (calls_view);
  CHILD (events_view);
  CHILD (listeners_view);
  CHILD (errors_view);
  CHILD (log_view);
  CHILD (entities_tab);
  CHILD (tasks_tab);
  CHILD (jobs_tab);
  CHILD (calls_tab);
  CHILD (events_tab);
  CHILD (listeners_tab);
  CHILD (errors_tab);
  CHILD (log_tab);
#undef CHILD

  _hb_window_class_actions_init (klass);
  _hb_window_class_history_init (klass);
  /* Last: it chains to the constructed the class has by then. */
  _hb_window_class_assert_init (klass);
}

static void
hb_window_init (HbWindow *self)
{
  GtkApplication *app;

  gtk_widget_init_template (GTK_WIDGET (self));

  app = GTK_APPLICATION (g_application_get_default ());
  if (app != NULL)
    gtk_menu_button_set_menu_model (self->primary_menu_button,
                                    G_MENU_MODEL (gtk_application_get_menu_by_id (app,
                                                                                  "primary_menu")));

  self->session = hb_session_new ();
  self->journal = hb_session_journal_new (self->session);
  g_signal_connect (self->session, "notify", G_CALLBACK (session_notify_cb), self);
  setup_panes (self);
  _hb_window_history_init (self);
  _hb_window_play_init (self);
  load_settings (self);
  setup_recent (self);
  update_title (self);
  update_clock (self);
  _hb_window_update_actions (self);
}

HbWindow *
hb_window_new (HbApplication *application)
{
  g_return_val_if_fail (HB_IS_APPLICATION (application), NULL);

  return g_object_new (HB_TYPE_WINDOW, "application", application, NULL);
}

void
hb_window_open_file (HbWindow *self,
                     GFile    *file)
{
  g_autofree char *path = NULL;

  g_return_if_fail (HB_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  path = g_file_get_path (file);
  if (path != NULL && g_str_has_suffix (path, ".so"))
    {
      g_autoptr(JsonObject) app = json_object_new ();

      g_autoptr(JsonObject) harness = _hb_window_new_session_harness (self);

      json_object_set_string_member (app, "module", path);
      g_clear_object (&self->scenario_file);
      hb_recent_files_add (self->recent_modules, file);
      hb_session_load_async (self->session, app, NULL, harness, NULL, NULL, NULL, NULL);
      return;
    }

  _hb_window_open_scenario_file (self, file);
}

void
hb_window_load_app (HbWindow   *self,
                    const char *app_id)
{
  g_return_if_fail (HB_IS_WINDOW (self));
  g_return_if_fail (app_id != NULL);

  _hb_window_load_app (self, app_id, TRUE);
}

HbSession *
hb_window_get_session (HbWindow *self)
{
  g_return_val_if_fail (HB_IS_WINDOW (self), NULL);
  return self->session;
}
