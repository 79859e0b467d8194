from odoo import fields, models


class CustomerCreditScoreLine(models.Model):
    """One part of a customer's credit score, so the grade can be explained."""

    _name = "customer.credit.score.line"
    _description = "Credit Score Line"
    _order = "partner_id, weight desc"

    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    factor = fields.Selection(
        [
            ("on_time", "On-Time Payments"),
            ("delay", "Average Payment Delay"),
            ("overdue", "Oldest Overdue"),
            ("revenue", "Annual Revenue"),
            ("rating", "Financial Rating"),
            ("cooperation", "Cooperation Length"),
            ("dossier", "Dossier Completeness"),
        ],
        required=True,
    )
    value = fields.Char(string="Measured")
    score = fields.Float(digits=(16, 1), help="The factor's score, 0 to 100.")
    weight = fields.Float(digits=(16, 1), help="Weight after leaving out missing factors.")
    contribution = fields.Float(digits=(16, 1), help="Score x weight / 100.")
