from datetime import datetime, timedelta

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import FRIDAY_3PM, ServiceCase


@tagged("post_install", "-at_install")
class TestServiceRequests(ServiceCase):
    def test_tier_promises_become_slas(self):
        slas = self.tier.helpdesk_sla_ids
        self.assertEqual(
            sorted((sla.service_kind, sla.hours, sla.active) for sla in slas),
            [("resolution", 16, True), ("response", 4, True)],
        )
        self.tier.resolution_time_hours = 0
        self.assertFalse(slas.filtered(lambda s: s.service_kind == "resolution").active)
        with self.assertRaisesRegex(ValidationError, "cannot be negative"):
            self.tier.resolution_time_hours = -4

    def test_deadlines_count_working_hours_of_the_team_calendar(self):
        with self.at(FRIDAY_3PM):
            ticket = self._request()
        # 4 h: Friday 15-17, then Monday 8-10.
        self.assertEqual(ticket.response_deadline, datetime(2026, 11, 9, 10, 0))
        # 16 h: Friday 2 h, Monday 8 h, Tuesday 8-12 and 13-15.
        self.assertEqual(ticket.resolution_deadline, datetime(2026, 11, 10, 15, 0))
        self.assertEqual(ticket.customer_tier_id, self.tier)
        self.assertEqual(ticket.salesperson_id, self.salesman)
        self.assertEqual(ticket.service_state, "new")

    def test_answer_to_the_customer_is_the_first_response(self):
        with self.at(FRIDAY_3PM):
            ticket = self._request()
        with self.at(datetime(2026, 11, 9, 9, 0)):
            # an internal note is not an answer
            ticket.with_user(self.salesman).message_post(
                body="Checking with the warehouse", message_type="comment",
                subtype_xmlid="mail.mt_note",
            )  # fmt: skip
            self.assertEqual(ticket.stage_id, self.stage_new)
            ticket.with_user(self.salesman).message_post(
                body="We send three new cartons today.", message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )  # fmt: skip
        self.assertEqual(ticket.stage_id, self.stage_progress)
        self.assertEqual(ticket.service_state, "answered")
        self.assertEqual(ticket.first_response_date, datetime(2026, 11, 9, 9, 0))
        self.assertEqual(ticket.response_hours, 3.0)  # Friday 2 h + Monday 1 h
        self.assertFalse(ticket.response_late)

    def test_resolution_timed_and_satisfaction_closes_the_loop(self):
        with self.at(FRIDAY_3PM):
            ticket = self._request()
        with self.at(datetime(2026, 11, 10, 16, 0)):  # an hour past the promise
            ticket.with_user(self.salesman).stage_id = self.stage_done
        self.assertEqual(ticket.resolved_date, datetime(2026, 11, 10, 16, 0))
        self.assertEqual(ticket.resolution_hours, 17.0)
        self.assertTrue(ticket.resolution_late)
        self.assertTrue(ticket.breached)
        # moving to a stage directly answers it too
        self.assertEqual(ticket.response_hours, 17.0)
        self.assertTrue(ticket.response_late)
        self.assertEqual(ticket.service_state, "resolved")
        ticket.with_user(self.salesman).satisfaction = "4"
        self.assertEqual(ticket.service_state, "closed")
        self.assertEqual(ticket.satisfaction_score, 4)

    def test_breach_escalated_once_to_the_team_leader(self):
        self.leader.tz = "Asia/Shanghai"
        with self.at(FRIDAY_3PM):
            ticket = self._request()
            on_time = self._request(name="Needs price list")
        Ticket = self.env["helpdesk.ticket"]
        with self.at(datetime(2026, 11, 9, 9, 30)):
            on_time.with_user(self.salesman).stage_id = self.stage_progress
            self.assertEqual(Ticket._cron_escalate_breaches(), 0)
        with self.at(datetime(2026, 11, 9, 10, 30)):
            self.assertEqual(Ticket._cron_escalate_breaches(), 1)
            self.assertEqual(Ticket._cron_escalate_breaches(), 0)
        activity_type = self.env.ref("customer_mgmt_helpdesk.mail_activity_type_service_breach")
        escalations = ticket.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)
        self.assertEqual(len(escalations), 1)
        self.assertEqual(escalations.user_id, self.leader)
        self.assertIn("Not answered in time", escalations.summary)
        # the promised time as the leader reads a clock: Shanghai, 8 hours ahead of UTC
        promised = (ticket.response_deadline + timedelta(hours=8)).strftime("%-I:%M")
        self.assertIn(promised, str(escalations.note))
        self.assertTrue(ticket.response_late)
        self.assertFalse(on_time.response_late)
        # answering late does not undo the miss; the resolution breach is a second one
        with self.at(datetime(2026, 11, 9, 11, 0)):
            ticket.stage_id = self.stage_progress
        self.assertTrue(ticket.response_late)
        with self.at(datetime(2026, 11, 10, 15, 30)):
            self.assertEqual(Ticket._cron_escalate_breaches(), 2)  # both missed resolution
        self.assertEqual(
            len(ticket.activity_ids.filtered(lambda a: a.activity_type_id == activity_type)), 2
        )
        breaches = Ticket.search([("breached", "=", True), ("customer_tier_id", "=", self.tier.id)])
        self.assertEqual(breaches, ticket | on_time)

    def test_waiting_on_the_customer_pauses_the_resolution_clock(self):
        with self.at(FRIDAY_3PM):
            ticket = self._request()
        with self.at(datetime(2026, 11, 9, 9, 0)):
            ticket.stage_id = self.stage_awaiting  # asked for photos of the cartons
        with self.at(datetime(2026, 11, 10, 9, 0)):
            ticket.stage_id = self.stage_progress  # photos received a day later
        # 3 h consumed before the pause: 13 h left from Tuesday 9:00 -> Wednesday 15:00
        self.assertEqual(ticket.resolution_deadline, datetime(2026, 11, 11, 15, 0))
        with self.at(datetime(2026, 11, 10, 16, 0)):
            self.assertEqual(self.env["helpdesk.ticket"]._cron_escalate_breaches(), 0)

    def test_complaint_from_a_visit(self):
        visit = (
            self.env["customer.interaction"]
            .with_user(self.salesman)
            .create(
                {
                    "name": "Complains the rebate promised in spring was never paid",
                    "interaction_type": "complaint",
                    "partner_id": self.customer.id,
                    "contact_ids": [(6, 0, self.purchaser.ids)],
                    "summary": "<p>Wants the 2% rebate before the next order.</p>",
                }
            )
        )
        with self.at(FRIDAY_3PM):
            action = visit.with_user(self.salesman).action_create_service_request()
        ticket = self.env["helpdesk.ticket"].browse(action["res_id"])
        self.assertEqual(ticket.interaction_id, visit)
        self.assertEqual(ticket.partner_id, self.purchaser)
        self.assertEqual(ticket.commercial_partner_id, self.customer)
        self.assertEqual(ticket.request_type, "complaint")
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.response_deadline, datetime(2026, 11, 9, 10, 0))
        # a second click opens the same request
        self.assertEqual(visit.action_create_service_request()["res_id"], ticket.id)

    def test_open_complaint_about_a_promise_on_invoice_and_churn(self):
        promise = self.env["customer.commitment"].create(
            {
                "name": "Spring rebate 2%",
                "commitment_type": "rebate",
                "partner_id": self.customer.id,
                "promised_by_id": self.salesman.id,
                "user_id": self.salesman.id,
            }
        )
        ticket = self._request(commitment_id=promise.id)
        invoice = self._invoice(self.customer, 500.0, "2026-11-01")
        self.assertEqual(invoice.customer_open_complaint_count, 1)
        self.assertEqual(self.customer.open_complaint_count, 1)
        self.assertEqual(self.customer.service_request_count, 1)
        action = invoice.with_user(self.accountant).action_view_customer_open_complaints()
        self.assertEqual(self.env["helpdesk.ticket"].search(action["domain"]), ticket)
        churn = self.env["customer.churn"].create({"partner_id": self.customer.id})
        self.assertEqual(churn.open_complaint_count, 1)
        churn.action_categorize_dissatisfied()
        self.assertEqual(churn.category, "dissatisfied")
        ticket.stage_id = self.stage_done
        self.customer.invalidate_recordset(["open_complaint_count"])
        invoice.invalidate_recordset(["customer_open_complaint_count"])
        self.assertEqual(invoice.customer_open_complaint_count, 0)
        # a promise made to another customer cannot be the one concerned
        other = self.env["customer.commitment"].create(
            {"name": "Free shelf", "partner_id": self.customer_b.id}
        )
        with self.assertRaises(ValidationError):
            ticket.commitment_id = other

    def test_request_from_an_email_on_the_team_alias(self):
        self.customer.email = "buyer@sunshine-foods.example.com"
        domain = self.env.company.alias_domain_id or self.env["mail.alias.domain"].create(
            {"name": "shop.example.com"}
        )
        self.team.write({"alias_name": "service", "alias_domain_id": domain.id})
        mail = (
            f"From: Sunshine Buyer <buyer@sunshine-foods.example.com>\r\n"
            f"To: service@{domain.name}\r\n"
            "Subject: Wrong invoice amount\r\n"
            "Message-ID: <cm-helpdesk-1@sunshine-foods.example.com>\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n\r\n"
            "The invoice charges the list price, not our tier price.\r\n"
        )
        with self.at(FRIDAY_3PM):
            ticket_id = self.env["mail.thread"].message_process(False, mail)
        ticket = self.env["helpdesk.ticket"].browse(ticket_id)
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.commercial_partner_id, self.customer)
        self.assertEqual(ticket.customer_tier_id, self.tier)
        self.assertEqual(ticket.response_deadline, datetime(2026, 11, 9, 10, 0))

    def test_request_from_the_customer_form(self):
        action = self.customer.with_user(self.salesman).action_view_service_requests()
        context = action["context"]
        self.assertEqual(context["default_partner_id"], self.customer.id)
        self.assertEqual(context["default_team_id"], self.team.id)
        with self.at(FRIDAY_3PM):
            ticket = (
                self.env["helpdesk.ticket"]
                .with_user(self.salesman)
                .with_context(**context)
                .create({"name": "Wants weekly deliveries", "description": "<p>-</p>"})
            )
        self.assertEqual(ticket.request_type, "complaint")
        self.assertEqual(ticket.response_deadline, datetime(2026, 11, 9, 10, 0))
        self.assertEqual(self.env["helpdesk.ticket"].search(action["domain"]), ticket)

    def test_deleting_a_tier_retires_its_slas(self):
        tier = self.env["customer.tier"].create(
            {"name": "Trial", "response_time_hours": 2, "resolution_time_hours": 8}
        )
        slas = tier.helpdesk_sla_ids
        self.assertEqual(len(slas), 2)
        tier.unlink()
        self.assertFalse(slas.exists().filtered("active"))
        # OCA's engine still evaluates every SLA's domain on new tickets
        self.assertTrue(self._request())

    def test_waiting_on_the_customer_past_the_deadline_is_not_a_breach(self):
        with self.at(FRIDAY_3PM):
            ticket = self._request()
        with self.at(datetime(2026, 11, 9, 9, 0)):
            ticket.stage_id = self.stage_awaiting
        Ticket = self.env["helpdesk.ticket"]
        with self.at(datetime(2026, 11, 12, 9, 0)):  # two days past the first deadline
            self.assertEqual(Ticket._cron_escalate_breaches(), 0)
            ticket.stage_id = self.stage_done  # closed while waiting: 3 h of 16 used
        self.assertFalse(ticket.resolution_late)
        self.assertEqual(ticket.resolution_hours, 3.0)

    def test_reopened_request_runs_its_clock_again(self):
        with self.at(FRIDAY_3PM):
            ticket = self._request()
        with self.at(datetime(2026, 11, 9, 9, 0)):
            ticket.stage_id = self.stage_done  # 3 h
        self.assertEqual(ticket.resolution_hours, 3.0)
        with self.at(datetime(2026, 11, 16, 9, 0)):
            ticket.stage_id = self.stage_progress  # the customer says it is not solved
        self.assertFalse(ticket.resolved_date)
        with self.at(datetime(2026, 11, 17, 17, 0)):
            ticket.stage_id = self.stage_done  # 3 h + Monday from 9: 7 h + Tuesday 8 h
        self.assertEqual(ticket.resolution_hours, 18.0)
        self.assertTrue(ticket.resolution_late)

    def test_request_logged_once_answered(self):
        with self.at(FRIDAY_3PM):
            ticket = self._request(stage_id=self.stage_progress.id)
        self.assertEqual(ticket.first_response_date, FRIDAY_3PM)
        self.assertEqual(ticket.response_hours, 0.0)
        self.assertFalse(ticket.response_late)

    def test_tier_promises_only_for_service_requests_of_the_service_team(self):
        it_team = self.env["helpdesk.ticket.team"].create({"name": "IT", "use_sla": True})
        with self.at(FRIDAY_3PM):
            it_ticket = self._request(team_id=it_team.id)
            plain = self._request(request_type=False)
        self.assertFalse(it_ticket.ticket_sla_ids.sla_id & self.tier.helpdesk_sla_ids)
        self.assertFalse(plain.ticket_sla_ids.sla_id & self.tier.helpdesk_sla_ids)
        self.assertFalse(it_ticket.response_deadline or plain.response_deadline)

    def test_accountant_answering_a_complaint_is_the_first_response(self):
        with self.at(FRIDAY_3PM):
            ticket = self._request()
        with self.at(datetime(2026, 11, 9, 9, 0)):
            ticket.with_user(self.accountant).message_post(
                body="The credit note for the broken cartons is issued.",
                message_type="comment", subtype_xmlid="mail.mt_comment",
            )  # fmt: skip
        self.assertEqual(ticket.stage_id, self.stage_progress)
        self.assertEqual(ticket.response_hours, 3.0)
