/* hb-window-assert.c
 *
 * Copyright 2026 The Hassbench developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <hassbench.h>

#include "hb-assertion-dialog.h"
#include "hb-expectation.h"
#include "hb-export-dialog.h"
#include "hb-json-item.h"
#include "hb-window-private.h"

/*
 * Turning exploration into a test: "Add Assertion" on a recorded row (win.add-assertion),
 * recording mode (win.record: every input step's calls become expect_called steps),
 * Finish (win.finish: what is still alive, offered as expectations) and the C export
 * (win.export-c, with a preview).
 *
 * The session runs one operation at a time and refuses a second one, so the steps these
 * actions add go through one queue, applied in order whenever the session is idle. The
 * window's own state for them lives on the window as object data: HbWindow's struct is
 * shared with the other window files, and this part needs nothing from them.
 */

typedef enum {
  OP_APPLY,    /* append the step and apply it */
  OP_INSERT,   /* insert the step at position and re-run (append when at the end) */
  OP_REPLAY,   /* keep the first position steps, re-run them in a fresh host */
} OpKind;

typedef struct
{
  OpKind      kind;
  guint       position;
  JsonObject *step;
} Op;

typedef struct
{
  GQueue         ops;
  gboolean       running;      /* an operation of ours is in flight */
  gboolean       pump_queued;
  gboolean       recording;
  GSimpleAction *record_action;
} Assert;

static const char assert_key[] = "hb-window-assert";

static void (*parent_constructed) (GObject *object);

static void
op_free (Op *op)
{
  g_clear_pointer (&op->step, json_object_unref);
  g_free (op);
}

static void
assert_free (Assert *a)
{
  g_queue_clear_full (&a->ops, (GDestroyNotify) op_free);
  g_clear_object (&a->record_action);
  g_free (a);
}

static Assert *
get_assert (HbWindow *self)
{
  return g_object_get_data (G_OBJECT (self), assert_key);
}

/*
 * Session callbacks hold the window weakly: a session disposed with a call in flight
 * (the window closed mid-step) may never call back, and a strong reference would then
 * keep the closed window alive for good.
 */
static GWeakRef *
weak_window (HbWindow *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  return ref;
}

/* (transfer full) (nullable): the window, or NULL when it is gone; frees @ref */
static HbWindow *
steal_window (gpointer ref)
{
  HbWindow *self = g_weak_ref_get (ref);

  g_weak_ref_clear (ref);
  g_free (ref);
  return self;
}

gboolean
_hb_window_assert_pending (HbWindow *self)
{
  Assert *a = get_assert (self);

  return a != NULL && (a->running || a->pump_queued || !g_queue_is_empty (&a->ops));
}

/* A closed window drops its session while our callbacks may still hold the window. */
static gboolean
window_closed (HbWindow *self)
{
  return self->session == NULL;
}

static gboolean
session_ready (HbWindow *self)
{
  return !window_closed (self) && hb_session_get_loaded (self->session) &&
         !hb_session_get_busy (self->session);
}

static void update_pane_actions (HbWindow *self,
                                 gboolean  ready);

static void
update_assert_actions (HbWindow *self)
{
  gboolean ready = session_ready (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-assertion", ready);
  update_pane_actions (self, ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.finish", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-c",
                                 hb_session_get_loaded (self->session));
}

static void schedule_pump (HbWindow *self);

/* A step of ours that failed: the expectation did not hold, or the session refused. */
static void
op_failed (HbWindow   *self,
           const char *message)
{
  Assert *a = get_assert (self);

  /* What comes next was planned on top of this step: drop it. */
  g_queue_clear_full (&a->ops, (GDestroyNotify) op_free);
  _hb_window_show_error (self, message);
}

static void
op_apply_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(HbWindow) self = steal_window (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) outcome = hb_session_apply_finish (HB_SESSION (object), result, &error);
  Assert *a;

  if (self == NULL)
    return;
  a = get_assert (self);
  a->running = FALSE;
  if (window_closed (self))
    return;
  if (outcome == NULL)
    op_failed (self, error->message);
  else if (!json_object_get_boolean_member_with_default (outcome, "ok", TRUE))
    {
      JsonObject *err = json_object_get_object_member (outcome, "error");
      g_autofree char *message =
        g_strdup_printf (_("The new step does not hold: %s"),
                         err ? json_object_get_string_member_with_default (err, "message", "")
                             : _("it failed"));

      /* An expectation that fails where it was put is still added: the user sees it red
       * in the session and can change it. */
      _hb_window_show_error (self, message);
    }
  schedule_pump (self);
}

static void
op_rerun_done (HbWindow *self,
               gboolean  ok,
               GError   *error)
{
  Assert *a = get_assert (self);

  a->running = FALSE;
  if (window_closed (self))
    return;
  if (!ok)
    op_failed (self, error->message);
  schedule_pump (self);
}

static void
op_insert_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HbWindow) self = steal_window (user_data);
  g_autoptr(GError) error = NULL;
  gboolean ok = hb_session_insert_finish (HB_SESSION (object), result, &error);

  if (self != NULL)
    op_rerun_done (self, ok, error);
}

static void
op_replay_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(HbWindow) self = steal_window (user_data);
  g_autoptr(GError) error = NULL;
  gboolean ok = hb_session_replay_finish (HB_SESSION (object), result, &error);

  if (self != NULL)
    op_rerun_done (self, ok, error);
}

/* Starts the next queued operation when the session is free. */
static void
pump (HbWindow *self)
{
  Assert *a = get_assert (self);
  Op *op;
  guint n_steps;

  if (a == NULL || a->running || g_queue_is_empty (&a->ops) || !session_ready (self))
    return;

  op = g_queue_pop_head (&a->ops);
  n_steps = g_list_model_get_n_items (hb_session_get_steps (self->session));
  a->running = TRUE;

  switch (op->kind)
    {
    case OP_REPLAY:
      hb_session_replay_async (self->session, op->position, NULL, op_replay_cb,
                               weak_window (self));
      break;

    case OP_INSERT:
      /* At the end, with no step ahead of the cursor, applying is the same and needs no
       * fresh host. (Applying with steps ahead would fork.) */
      if (op->position < n_steps || hb_session_get_cursor (self->session) < n_steps)
        {
          hb_session_insert_async (self->session, op->position, op->step, NULL, op_insert_cb,
                                   weak_window (self));
          break;
        }
      G_GNUC_FALLTHROUGH;

    case OP_APPLY:
    default:
      hb_session_apply_async (self->session, op->step, NULL, op_apply_cb, weak_window (self));
      break;
    }

  op_free (op);
}

static gboolean
pump_idle_cb (gpointer user_data)
{
  HbWindow *self = user_data;
  Assert *a = get_assert (self);

  if (a != NULL)
    a->pump_queued = FALSE;
  pump (self);
  return G_SOURCE_REMOVE;
}

/* From an idle: the session may be inside its own callback when it notifies. The idle
 * holds the window, so it never runs on a dead one. */
static void
schedule_pump (HbWindow *self)
{
  Assert *a = get_assert (self);

  if (a == NULL || a->pump_queued || g_queue_is_empty (&a->ops))
    return;
  a->pump_queued = TRUE;
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, pump_idle_cb, g_object_ref (self), g_object_unref);
}

static void
queue_op (HbWindow   *self,
          OpKind      kind,
          guint       position,
          JsonObject *step)
{
  Assert *a = get_assert (self);
  Op *op = g_new0 (Op, 1);

  op->kind = kind;
  op->position = position;
  op->step = step ? json_object_ref (step) : NULL;
  g_queue_push_tail (&a->ops, op);
  schedule_pump (self);
}

/* Add Assertion */

typedef struct
{
  const char          *name;     /* the action's target */
  HbExpectationSource  source;
  const char          *label;    /* for messages */
  const char          *action;   /* (nullable): the pane's own button, enabled by selection */
} Pane;

static const Pane panes[] = {
  { "calls", HB_EXPECTATION_SOURCE_CALL, N_("API Calls"), "win.add-assertion-calls" },
  { "entities", HB_EXPECTATION_SOURCE_ENTITY, N_("Entities"), "win.add-assertion-entities" },
  { "jobs", HB_EXPECTATION_SOURCE_JOB, N_("Jobs"), "win.add-assertion-jobs" },
  { "errors", HB_EXPECTATION_SOURCE_ERROR, N_("Errors"), "win.add-assertion-errors" },
  { "steps", HB_EXPECTATION_SOURCE_STEP, N_("Session"), NULL },
};

static GtkWidget *
pane_view (HbWindow   *self,
           const Pane *pane)
{
  switch (pane->source)
    {
    case HB_EXPECTATION_SOURCE_CALL:
      return GTK_WIDGET (self->calls_view);
    case HB_EXPECTATION_SOURCE_ENTITY:
      return GTK_WIDGET (self->entities_view);
    case HB_EXPECTATION_SOURCE_JOB:
      return GTK_WIDGET (self->jobs_view);
    case HB_EXPECTATION_SOURCE_ERROR:
      return GTK_WIDGET (self->errors_view);
    case HB_EXPECTATION_SOURCE_STEP:
    default:
      return GTK_WIDGET (self->steps_view);
    }
}

/* (transfer none) (nullable): the row selected in @pane's view */
static HbJsonItem *
pane_selected (HbWindow   *self,
               const Pane *pane)
{
  GtkWidget *view = pane_view (self, pane);
  GtkSelectionModel *model = GTK_IS_COLUMN_VIEW (view)
    ? gtk_column_view_get_model (GTK_COLUMN_VIEW (view))
    : gtk_list_view_get_model (GTK_LIST_VIEW (view));

  if (!GTK_IS_SINGLE_SELECTION (model))
    return NULL;
  return gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (model));
}

/* A pane's Add Assertion button works on its selected row: without one it is disabled,
 * rather than enabled only to say "select a row". */
static void
update_pane_actions (HbWindow *self,
                     gboolean  ready)
{
  for (guint i = 0; i < G_N_ELEMENTS (panes); i++)
    if (panes[i].action != NULL)
      gtk_widget_action_set_enabled (GTK_WIDGET (self), panes[i].action,
                                     ready && pane_selected (self, &panes[i]) != NULL);
}

static void
pane_selection_cb (GtkSelectionModel *model,
                   GParamSpec        *pspec,
                   HbWindow          *self)
{
  if (!window_closed (self))
    update_assert_actions (self);
}

static void
watch_pane_selections (HbWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (panes); i++)
    {
      GtkWidget *view = pane_view (self, &panes[i]);

      if (panes[i].action != NULL && GTK_IS_COLUMN_VIEW (view))
        g_signal_connect_object (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)),
                                 "notify::selected-item", G_CALLBACK (pane_selection_cb),
                                 self, 0);
    }
}

/* (nullable): the pane the notebook shows, among those with rows to assert on */
static const Pane *
current_pane (HbWindow *self)
{
  int page = gtk_notebook_get_current_page (self->notebook);
  GtkWidget *child = page >= 0 ? gtk_notebook_get_nth_page (self->notebook, page) : NULL;

  for (guint i = 0; child != NULL && i < G_N_ELEMENTS (panes); i++)
    {
      GtkWidget *view = pane_view (self, &panes[i]);

      if (view == child || gtk_widget_is_ancestor (view, child))
        return &panes[i];
    }
  return NULL;
}

/* (transfer full): the rows of a session model, as the builder's context */
static JsonArray *
model_rows (GListModel *model)
{
  JsonArray *rows = json_array_new ();
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HbJsonItem) item = g_list_model_get_item (model, i);

      json_array_add_object_element (rows, json_object_ref (hb_json_item_get_data (item)));
    }
  return rows;
}

/* "After step 2: simulate_state_change binary_sensor.x: off -> on" */
static char *
describe_position (HbWindow *self,
                   guint     position)
{
  GListModel *steps = hb_session_get_steps (self->session);
  guint n_steps = g_list_model_get_n_items (steps);
  g_autoptr(HbJsonItem) item = NULL;
  g_autoptr(HbStep) step = NULL;
  g_autofree char *described = NULL;

  if (position == 0 && n_steps == 0)
    return g_strdup (_("The expectation becomes the session's first step."));
  if (position == 0)
    return g_strdup (_("Goes before the first step."));

  item = g_list_model_get_item (steps, position - 1);
  if (item != NULL)
    step = hb_step_new_from_object (json_object_get_object_member (hb_json_item_get_data (item),
                                                                   "step"), NULL);
  described = step ? hb_step_describe (step) : g_strdup ("?");
  if (position >= n_steps)
    return g_strdup_printf (_("Goes at the end of the session, after step %u: %s"), position,
                            described);
  return g_strdup_printf (_("Goes right after step %u (and the session re-runs): %s"), position,
                          described);
}

typedef struct
{
  HbExpectationSource  source;
  JsonObject          *row;
} Ready;

static void
ready_free (gpointer data,
            GClosure *closure)
{
  Ready *ready = data;

  json_object_unref (ready->row);
  g_free (ready);
}

static void
assertion_ready_cb (HbAssertionDialog *dialog,
                    JsonObject        *step,
                    Ready             *ready)
{
  HbWindow *self = HB_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));
  /* The panes show the house at the cursor: steps ahead of it made none of their rows. */
  guint applied = hb_session_get_cursor (self->session);

  queue_op (self, OP_INSERT, hb_expectation_position (ready->source, ready->row, applied), step);
}

static void
add_assertion (HbWindow   *self,
               const char *name)
{
  const Pane *pane = NULL;
  HbJsonItem *item;
  g_autoptr(JsonArray) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *where = NULL;
  HbAssertionDialog *dialog;
  Ready *ready;

  if (*name == '\0' || g_str_equal (name, "current"))
    pane = current_pane (self);
  else
    for (guint i = 0; i < G_N_ELEMENTS (panes); i++)
      if (g_str_equal (panes[i].name, name))
        pane = &panes[i];

  if (pane == NULL)
    {
      _hb_window_show_error (self, _("Add Assertion works on the API Calls, Entities, Jobs and "
                                     "Errors panes: show one of them and select a row."));
      return;
    }

  item = pane_selected (self, pane);
  if (item == NULL)
    {
      g_autofree char *message =
        g_strdup_printf (_("Select a row in the %s pane to add an assertion about it."),
                         _(pane->label));
      _hb_window_show_error (self, message);
      return;
    }

  if (pane->source == HB_EXPECTATION_SOURCE_CALL)
    context = model_rows (hb_session_get_calls (self->session));
  else if (pane->source == HB_EXPECTATION_SOURCE_JOB)
    context = model_rows (hb_session_get_jobs (self->session));

  where = describe_position (self,
                             hb_expectation_position (pane->source, hb_json_item_get_data (item),
                                                      hb_session_get_cursor (self->session)));
  dialog = hb_assertion_dialog_new (GTK_WINDOW (self), pane->source,
                                    hb_json_item_get_data (item), context, where, &error);
  if (dialog == NULL)
    {
      _hb_window_show_error (self, error->message);
      return;
    }

  ready = g_new0 (Ready, 1);
  ready->source = pane->source;
  ready->row = json_object_ref (hb_json_item_get_data (item));
  g_signal_connect_data (dialog, "assertion-ready", G_CALLBACK (assertion_ready_cb), ready,
                         ready_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_assertion_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  add_assertion (HB_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* win.add-assertion-<pane>: a pane's button, parameterless so it can be disabled alone. */
static void
add_pane_assertion_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  for (guint i = 0; i < G_N_ELEMENTS (panes); i++)
    if (g_strcmp0 (panes[i].action, action_name) == 0)
      add_assertion (HB_WINDOW (widget), panes[i].name);
}

/* Row context menus: a right click selects the row under the pointer and offers Add
 * Assertion for it. */

static gboolean
unparent_idle_cb (gpointer user_data)
{
  gtk_widget_unparent (user_data);
  return G_SOURCE_REMOVE;
}

static void
popover_closed_cb (GtkPopover *popover,
                   gpointer    user_data)
{
  /* Not now: the popover is still finishing its own signal. */
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, unparent_idle_cb, g_object_ref (popover),
                   g_object_unref);
}

static void
row_menu_pressed_cb (GtkGestureClick *gesture,
                     int              n_press,
                     double           x,
                     double           y,
                     const char      *pane_name)
{
  GtkWidget *view = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  GtkWidget *picked = gtk_widget_pick (view, x, y, GTK_PICK_DEFAULT);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenuItem) entry = NULL;
  GtkWidget *popover;

  /* Rows select themselves through their "listitem.select" action. */
  if (picked != NULL && picked != view)
    gtk_widget_activate_action (picked, "listitem.select", "(bb)", FALSE, FALSE);

  entry = g_menu_item_new (_("Add _Assertion…"), NULL);
  g_menu_item_set_action_and_target (entry, "win.add-assertion", "s", pane_name);
  g_menu_append_item (menu, entry);

  popover = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_widget_set_parent (popover, view);
  gtk_popover_set_has_arrow (GTK_POPOVER (popover), FALSE);
  gtk_popover_set_pointing_to (GTK_POPOVER (popover), &(GdkRectangle) { x, y, 1, 1 });
  g_signal_connect (popover, "closed", G_CALLBACK (popover_closed_cb), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
add_row_menu (GtkWidget  *view,
              const char *pane_name)
{
  GtkGesture *gesture = gtk_gesture_click_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (row_menu_pressed_cb), (gpointer) pane_name);
  gtk_widget_add_controller (view, GTK_EVENT_CONTROLLER (gesture));
}

/* Recording mode */

static void step_done_cb (HbJsonItem *item,
                          GParamSpec *pspec,
                          HbWindow   *self);

/* A step the user applies is appended "running" and gets its outcome later; rows of a
 * replay arrive finished and are not recorded again. */
static void
steps_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  HbWindow   *self)
{
  Assert *a = get_assert (self);
  g_autoptr(HbJsonItem) item = NULL;
  const char *status;

  if (a == NULL || !a->recording || removed != 0 || added != 1 ||
      position + 1 != g_list_model_get_n_items (model))
    return;

  item = g_list_model_get_item (model, position);
  status = json_object_get_string_member_with_default (hb_json_item_get_data (item), "status", "");
  if (g_str_equal (status, "running"))
    g_signal_connect_object (item, "notify::data", G_CALLBACK (step_done_cb), self, 0);
}

static void
step_done_cb (HbJsonItem *item,
              GParamSpec *pspec,
              HbWindow   *self)
{
  Assert *a = get_assert (self);
  JsonObject *data = hb_json_item_get_data (item);
  JsonObject *outcome;
  g_autoptr(GPtrArray) steps = NULL;

  if (g_strcmp0 (json_object_get_string_member_with_default (data, "status", ""),
                 "running") == 0)
    return;
  g_signal_handlers_disconnect_by_func (item, step_done_cb, self);

  outcome = json_object_has_member (data, "outcome") &&
            JSON_NODE_HOLDS_OBJECT (json_object_get_member (data, "outcome"))
            ? json_object_get_object_member (data, "outcome") : NULL;
  if (a == NULL || !a->recording || outcome == NULL)
    return;

  steps = hb_expectation_record_calls (outcome);
  for (guint i = 0; i < steps->len; i++)
    queue_op (self, OP_APPLY, 0, g_ptr_array_index (steps, i));
}

static void
record_change_state_cb (GSimpleAction *action,
                        GVariant      *state,
                        HbWindow      *self)
{
  Assert *a = get_assert (self);

  a->recording = g_variant_get_boolean (state);
  g_simple_action_set_state (action, state);
}

/* Finish */

static char *
model_names (GListModel *model,
             const char *path,
             GStrv      *out_names)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(HbJsonItem) item = g_list_model_get_item (model, i);
      g_autofree char *name = hb_json_item_dup_text (item, path);

      g_strv_builder_add (builder, name);
      g_string_append_printf (text, "%s%s", i > 0 ? ", " : "", name);
    }
  if (out_names != NULL)
    *out_names = g_strv_builder_end (builder);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

typedef struct
{
  HbWindow *self;
  GStrv     jobs;
} FinishOffer;

static void
finish_offer_free (gpointer  data,
                   GClosure *closure)
{
  FinishOffer *offer = data;

  g_object_unref (offer->self);
  g_strfreev (offer->jobs);
  g_free (offer);
}

static void
finish_response_cb (GtkDialog   *dialog,
                    int          response,
                    FinishOffer *offer)
{
  HbWindow *self = offer->self;
  GListModel *steps = hb_session_get_steps (self->session);
  guint n_steps = g_list_model_get_n_items (steps);

  if (response == GTK_RESPONSE_ACCEPT && n_steps > 0)
    {
      g_autoptr(JsonObject) drain = json_object_new ();
      g_autoptr(JsonObject) jobs = hb_expectation_jobs ((const char * const *) offer->jobs);

      /* The failed finish would stop the scenario there: it becomes the drain it did and
       * expectations of what it found. */
      json_object_set_string_member (drain, "kind", "drain");
      queue_op (self, OP_REPLAY, n_steps - 1, NULL);
      queue_op (self, OP_APPLY, 0, drain);
      queue_op (self, OP_APPLY, 0, jobs);
    }

  /* The offer goes with the handler (also when the dialog dies with the window). */
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
finish_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(HbWindow) self = steal_window (user_data);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) outcome = hb_session_apply_finish (HB_SESSION (object), result, &error);
  g_autofree char *jobs_text = NULL;
  g_autofree char *tasks_text = NULL;
  g_autofree char *listeners_text = NULL;
  g_autoptr(GString) details = g_string_new (NULL);
  GStrv job_names = NULL;
  JsonObject *err;
  GtkWidget *dialog;
  FinishOffer *offer;
  Assert *a;

  if (self == NULL)
    return;
  a = get_assert (self);
  a->running = FALSE;
  if (window_closed (self))
    return;
  schedule_pump (self);

  if (outcome == NULL)
    {
      _hb_window_show_error (self, error->message);
      return;
    }

  if (json_object_get_boolean_member_with_default (outcome, "ok", TRUE))
    {
      dialog = gtk_message_dialog_new (GTK_WINDOW (self),
                                       GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                       GTK_MESSAGE_INFO, GTK_BUTTONS_CLOSE,
                                       _("Nothing is left alive"));
      gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                                _("No job, task or listener is alive after the "
                                                  "drain. The finish step stays in the session "
                                                  "and checks that every run."));
      gtk_widget_set_name (dialog, "hb-finish-dialog");
      g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }

  /* The panes are what the host reported after the finish's drain. */
  jobs_text = model_names (hb_session_get_jobs (self->session), "name", &job_names);
  tasks_text = model_names (hb_session_get_tasks (self->session), "name", NULL);
  listeners_text = model_names (hb_session_get_listeners (self->session), "name", NULL);
  err = json_object_get_object_member (outcome, "error");
  if (err != NULL)
    g_string_append_printf (details, "%s\n\n",
                            json_object_get_string_member_with_default (err, "message", ""));
  g_string_append_printf (details, _("Jobs: %s\nTasks: %s\nListeners: %s\n\n"),
                          *jobs_text ? jobs_text : _("none"),
                          *tasks_text ? tasks_text : _("none"),
                          *listeners_text ? listeners_text : _("none"));
  g_string_append (details, _("A finish step that fails stops the scenario there. Add "
                              "Expectations replaces it with a drain and an expect_jobs step "
                              "naming the jobs still scheduled (tasks and listeners have no "
                              "expectation: stop them in the app, or leave them)."));

  dialog = gtk_message_dialog_new (GTK_WINDOW (self),
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("Still alive after finish"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", details->str);
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Keep Finish Step"), GTK_RESPONSE_CLOSE,
                          _("_Add Expectations"), GTK_RESPONSE_ACCEPT, NULL);
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_ACCEPT);
  gtk_widget_set_name (dialog, "hb-finish-dialog");
  offer = g_new0 (FinishOffer, 1);
  offer->self = g_object_ref (self);
  offer->jobs = job_names;
  g_signal_connect_data (dialog, "response", G_CALLBACK (finish_response_cb), offer,
                         finish_offer_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
finish_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  HbWindow *self = HB_WINDOW (widget);
  Assert *a = get_assert (self);
  g_autoptr(JsonObject) step = json_object_new ();

  if (!session_ready (self) || a->running)
    return;

  json_object_set_string_member (step, "kind", "finish");
  a->running = TRUE;
  hb_session_apply_async (self->session, step, NULL, finish_cb, weak_window (self));
}

/* Export */

static char *
export_name (HbWindow *self)
{
  g_autofree char *base = NULL;
  char *dot;

  if (self->scenario_file == NULL)
    return g_strdup ("session");

  base = g_file_get_basename (self->scenario_file);
  dot = strstr (base, ".hbscenario");
  if (dot == NULL)
    dot = strrchr (base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_steal_pointer (&base);
}

static void
export_c_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  HbWindow *self = HB_WINDOW (widget);
  g_autoptr(JsonObject) object = hb_session_to_scenario (self->session);
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autoptr(GError) error = NULL;
  g_autoptr(HbScenario) scenario = hb_scenario_new_from_json (node, &error);
  g_autofree char *name = NULL;
  g_autofree char *source = NULL;
  g_autofree char *file_name = NULL;
  HbExportDialog *dialog;

  if (scenario == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The session cannot be exported: %s"),
                                                  error->message);
      _hb_window_show_error (self, message);
      return;
    }

  name = export_name (self);
  source = hb_scenario_to_c (scenario, name);
  file_name = g_strdup_printf ("test-%s.c", name);
  dialog = hb_export_dialog_new (GTK_WINDOW (self), _("Export as C Test"), source, file_name);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Setup */

static void
session_state_cb (HbSession  *session,
                  GParamSpec *pspec,
                  HbWindow   *self)
{
  update_assert_actions (self);
  if (session_ready (self))
    schedule_pump (self);
}

static void
hb_window_assert_constructed (GObject *object)
{
  HbWindow *self = HB_WINDOW (object);
  Assert *a = g_new0 (Assert, 1);

  if (parent_constructed != NULL)
    parent_constructed (object);

  g_queue_init (&a->ops);
  g_object_set_data_full (object, assert_key, a, (GDestroyNotify) assert_free);

  a->record_action = g_simple_action_new_stateful ("record", NULL,
                                                   g_variant_new_boolean (FALSE));
  g_signal_connect_object (a->record_action, "change-state",
                           G_CALLBACK (record_change_state_cb), self, 0);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (a->record_action));

  g_signal_connect_object (self->session, "notify::busy", G_CALLBACK (session_state_cb), self, 0);
  g_signal_connect_object (self->session, "notify::loaded", G_CALLBACK (session_state_cb), self,
                           0);
  g_signal_connect_object (hb_session_get_steps (self->session), "items-changed",
                           G_CALLBACK (steps_changed_cb), self, 0);

  add_row_menu (GTK_WIDGET (self->calls_view), "calls");
  add_row_menu (GTK_WIDGET (self->entities_view), "entities");
  add_row_menu (GTK_WIDGET (self->jobs_view), "jobs");
  add_row_menu (GTK_WIDGET (self->errors_view), "errors");
  watch_pane_selections (self);

  update_assert_actions (self);
}

void
_hb_window_class_assert_init (HbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* Chained: hb_window_class_init calls this after setting its own vfuncs. */
  parent_constructed = object_class->constructed;
  object_class->constructed = hb_window_assert_constructed;

  gtk_widget_class_install_action (widget_class, "win.add-assertion", "s", add_assertion_action);
  for (guint i = 0; i < G_N_ELEMENTS (panes); i++)
    if (panes[i].action != NULL)
      gtk_widget_class_install_action (widget_class, panes[i].action, NULL,
                                       add_pane_assertion_action);
  gtk_widget_class_install_action (widget_class, "win.finish", NULL, finish_action);
  gtk_widget_class_install_action (widget_class, "win.export-c", NULL, export_c_action);
}
