//! The metrics every run reports, each derived from one iteration's team totals. Names are
//! stable: summary.json, summary.csv and other programs key on them.

use crate::engine::IterationRecord;
use crate::scenario::Scenario;

/// What a metric's numbers are, for formatting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Unit {
    Usd,
    Share,
    PerHour,
    Percent,
    Count,
    Seconds,
    /// Months of the programme (1 = the first).
    Months,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Metric {
    ProfitPerAgentYear,
    RevenuePerAgentYear,
    CostPerAgentYear,
    IncentiveCostPerAgentYear,
    TeamProfitYear,
    TeamRevenueYear,
    RevenuePerCall,
    SuccessRate,
    CallsPerAgentHour,
    RoiPct,
    // Queue mode only.
    OfferedCallsYear,
    HandledCallsYear,
    AbandonedCallsYear,
    AbandonRate,
    PWait,
    AsaSeconds,
    ServiceLevel,
    Occupancy,
    OfferedLoad,
    HandledCallsPerAgentHour,
    LostRevenuePerAgentYear,
    // With a cash view or partial attribution only.
    ObservedRevenuePerAgentYear,
    CashProfitPerAgentYear,
    /// Cash profit per agent in programme year n (2, 3, ...).
    CashProfitPerAgentInYear(u8),
    ProgrammeNpvPerAgent,
    PaybackMonth,
    PaidBack,
    /// Only when the queue sets `abandon_churn_share`.
    AbandonChurnCostPerAgentYear,
}

/// `cash_profit_per_agent_year_N` for programme years 2 to the longest horizon.
const IN_YEAR: [&str; 9] = [
    "cash_profit_per_agent_year_2",
    "cash_profit_per_agent_year_3",
    "cash_profit_per_agent_year_4",
    "cash_profit_per_agent_year_5",
    "cash_profit_per_agent_year_6",
    "cash_profit_per_agent_year_7",
    "cash_profit_per_agent_year_8",
    "cash_profit_per_agent_year_9",
    "cash_profit_per_agent_year_10",
];
const IN_YEAR_LABEL: [&str; 9] = [
    "cash profit, year 2, per agent",
    "cash profit, year 3, per agent",
    "cash profit, year 4, per agent",
    "cash profit, year 5, per agent",
    "cash profit, year 6, per agent",
    "cash profit, year 7, per agent",
    "cash profit, year 8, per agent",
    "cash profit, year 9, per agent",
    "cash profit, year 10, per agent",
];

/// Team size and paid hours: what turns team totals into per-agent figures.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub agents: f64,
    pub paid_hours_per_year: f64,
}

impl Scale {
    pub fn of(s: &Scenario) -> Scale {
        Scale {
            agents: s.agents.len() as f64,
            paid_hours_per_year: s.horizon.paid_hours_per_year(),
        }
    }
}

impl Metric {
    pub const ALL: [Metric; 10] = [
        Metric::ProfitPerAgentYear,
        Metric::RevenuePerAgentYear,
        Metric::CostPerAgentYear,
        Metric::IncentiveCostPerAgentYear,
        Metric::TeamProfitYear,
        Metric::TeamRevenueYear,
        Metric::RevenuePerCall,
        Metric::SuccessRate,
        Metric::CallsPerAgentHour,
        Metric::RoiPct,
    ];

    /// Queue-mode metrics, in report order (`handled_calls_per_agent_hour` takes the place of
    /// `calls_per_agent_hour`).
    pub const QUEUE: [Metric; 11] = [
        Metric::OfferedCallsYear,
        Metric::HandledCallsYear,
        Metric::AbandonedCallsYear,
        Metric::AbandonRate,
        Metric::PWait,
        Metric::AsaSeconds,
        Metric::ServiceLevel,
        Metric::Occupancy,
        Metric::OfferedLoad,
        Metric::HandledCallsPerAgentHour,
        Metric::LostRevenuePerAgentYear,
    ];

    /// The metrics a run of this scenario reports.
    pub fn for_scenario(s: &Scenario) -> Vec<Metric> {
        let mut out: Vec<Metric> = if s.queue.is_none() {
            Metric::ALL.to_vec()
        } else {
            let base = Metric::ALL
                .into_iter()
                .filter(|m| *m != Metric::CallsPerAgentHour);
            base.chain(Metric::QUEUE).collect()
        };
        if s.attributes_partly() {
            out.push(Metric::ObservedRevenuePerAgentYear);
        }
        // What poor service costs, beside the service level and abandonment it follows from.
        if s.queue.as_ref().is_some_and(|q| q.abandon_churn.is_some()) {
            let at = out
                .iter()
                .position(|m| *m == Metric::ServiceLevel)
                .unwrap_or(0);
            out.insert(at + 1, Metric::AbandonChurnCostPerAgentYear);
        }
        if s.finance.cash_view {
            out.push(Metric::CashProfitPerAgentYear);
            let later =
                (2..=s.finance.horizon_years).map(|y| Metric::CashProfitPerAgentInYear(y as u8));
            out.extend(later);
            out.extend([
                Metric::ProgrammeNpvPerAgent,
                Metric::PaybackMonth,
                Metric::PaidBack,
            ]);
        }
        out
    }

    pub fn name(self) -> &'static str {
        match self {
            Metric::ProfitPerAgentYear => "profit_per_agent_year",
            Metric::RevenuePerAgentYear => "revenue_per_agent_year",
            Metric::CostPerAgentYear => "cost_per_agent_year",
            Metric::IncentiveCostPerAgentYear => "incentive_cost_per_agent_year",
            Metric::TeamProfitYear => "team_profit_year",
            Metric::TeamRevenueYear => "team_revenue_year",
            Metric::RevenuePerCall => "revenue_per_call",
            Metric::SuccessRate => "success_rate",
            Metric::CallsPerAgentHour => "calls_per_agent_hour",
            Metric::RoiPct => "roi_pct",
            Metric::OfferedCallsYear => "offered_calls_year",
            Metric::HandledCallsYear => "handled_calls_year",
            Metric::AbandonedCallsYear => "abandoned_calls_year",
            Metric::AbandonRate => "abandon_rate",
            Metric::PWait => "p_wait",
            Metric::AsaSeconds => "asa_seconds",
            Metric::ServiceLevel => "service_level",
            Metric::Occupancy => "occupancy",
            Metric::OfferedLoad => "offered_load",
            Metric::HandledCallsPerAgentHour => "handled_calls_per_agent_hour",
            Metric::LostRevenuePerAgentYear => "lost_revenue_per_agent_year",
            Metric::ObservedRevenuePerAgentYear => "observed_revenue_per_agent_year",
            Metric::CashProfitPerAgentYear => "cash_profit_per_agent_year",
            Metric::CashProfitPerAgentInYear(y) => IN_YEAR[usize::from(y) - 2],
            Metric::ProgrammeNpvPerAgent => "programme_npv_per_agent",
            Metric::PaybackMonth => "payback_month",
            Metric::PaidBack => "paid_back_within_horizon",
            Metric::AbandonChurnCostPerAgentYear => "abandon_churn_cost_per_agent_year",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Metric::ProfitPerAgentYear => "profit per agent-year",
            Metric::RevenuePerAgentYear => "revenue per agent-year",
            Metric::CostPerAgentYear => "cost per agent-year",
            Metric::IncentiveCostPerAgentYear => "incentive cost per agent-year",
            Metric::TeamProfitYear => "team profit per year",
            Metric::TeamRevenueYear => "team revenue per year",
            Metric::RevenuePerCall => "revenue per call",
            Metric::SuccessRate => "success rate",
            Metric::CallsPerAgentHour => "calls per agent-hour",
            Metric::RoiPct => "ROI",
            Metric::OfferedCallsYear => "offered calls per year",
            Metric::HandledCallsYear => "handled calls per year",
            Metric::AbandonedCallsYear => "abandoned calls per year",
            Metric::AbandonRate => "abandon rate",
            Metric::PWait => "P(wait)",
            Metric::AsaSeconds => "average speed of answer",
            Metric::ServiceLevel => "service level",
            Metric::Occupancy => "occupancy",
            Metric::OfferedLoad => "offered load (work / seat time)",
            Metric::HandledCallsPerAgentHour => "handled calls per agent-hour",
            Metric::LostRevenuePerAgentYear => "lost revenue per agent-year",
            Metric::ObservedRevenuePerAgentYear => "observed revenue per agent-year",
            Metric::CashProfitPerAgentYear => "cash profit, year 1, per agent",
            Metric::CashProfitPerAgentInYear(y) => IN_YEAR_LABEL[usize::from(y) - 2],
            Metric::ProgrammeNpvPerAgent => "programme NPV per agent",
            Metric::PaybackMonth => "payback month",
            Metric::PaidBack => "paid back within the horizon",
            Metric::AbandonChurnCostPerAgentYear => "abandon churn per agent-year",
        }
    }

    pub fn unit(self) -> Unit {
        match self {
            Metric::RevenuePerCall => Unit::Usd,
            Metric::SuccessRate => Unit::Share,
            Metric::RoiPct => Unit::Percent,
            Metric::CallsPerAgentHour | Metric::HandledCallsPerAgentHour => Unit::PerHour,
            Metric::OfferedCallsYear | Metric::HandledCallsYear | Metric::AbandonedCallsYear => {
                Unit::Count
            }
            Metric::AbandonRate
            | Metric::PWait
            | Metric::ServiceLevel
            | Metric::Occupancy
            | Metric::OfferedLoad => Unit::Share,
            Metric::AsaSeconds => Unit::Seconds,
            Metric::PaybackMonth => Unit::Months,
            Metric::PaidBack => Unit::Share,
            _ => Unit::Usd,
        }
    }

    /// Why a metric has no value in any simulated year (see `value`), for the reader.
    pub fn undefined_because(self) -> &'static str {
        match self {
            Metric::RoiPct => "undefined: nothing was spent (zero cost)",
            Metric::RevenuePerCall => "undefined: no calls were handled, so no revenue per call",
            Metric::SuccessRate | Metric::AsaSeconds | Metric::OfferedLoad => {
                "undefined: no calls were handled"
            }
            Metric::AbandonRate | Metric::PWait | Metric::ServiceLevel => {
                "undefined: no calls were offered"
            }
            Metric::Occupancy => "undefined: no agent time on the phones",
            Metric::PaybackMonth => "undefined: no simulated year paid back within the horizon",
            _ => "undefined",
        }
    }

    /// This metric in one simulated year; None where it is undefined (ROI with zero cost,
    /// per-call figures in a year with no calls).
    pub fn value(self, r: &IterationRecord, scale: Scale) -> Option<f64> {
        let per_call = |x: f64| (r.calls > 0).then(|| x / r.calls as f64);
        let per_offered = |x: f64| (r.queue.offered > 0).then(|| x / r.queue.offered as f64);
        match self {
            Metric::ProfitPerAgentYear => Some(r.profit_usd() / scale.agents),
            Metric::RevenuePerAgentYear => Some(r.revenue_usd / scale.agents),
            Metric::CostPerAgentYear => Some(r.cost_usd() / scale.agents),
            Metric::IncentiveCostPerAgentYear => Some(r.incentive_cost_usd / scale.agents),
            Metric::TeamProfitYear => Some(r.profit_usd()),
            Metric::TeamRevenueYear => Some(r.revenue_usd),
            Metric::RevenuePerCall => per_call(r.revenue_usd),
            Metric::SuccessRate => per_call(r.successes as f64),
            Metric::CallsPerAgentHour => {
                Some(r.calls as f64 / (scale.agents * scale.paid_hours_per_year))
            }
            Metric::RoiPct => roi_pct(r.revenue_usd, r.cost_usd()),
            Metric::OfferedCallsYear => Some(r.queue.offered as f64),
            Metric::HandledCallsYear => Some(r.calls as f64),
            Metric::AbandonedCallsYear => Some(r.queue.abandoned as f64),
            Metric::AbandonRate => per_offered(r.queue.abandoned as f64),
            Metric::PWait => per_offered(r.queue.waited as f64),
            Metric::AsaSeconds => per_call(r.queue.wait_seconds),
            Metric::ServiceLevel => per_offered(r.queue.answered_in_sl as f64),
            Metric::Occupancy => {
                (r.queue.seat_seconds > 0.0).then(|| r.queue.busy_seconds / r.queue.seat_seconds)
            }
            // The work every offered call would bring (at the handled calls' mean work per call)
            // over the seat time there is: above 1 the center cannot answer everyone, even with
            // arrivals spread perfectly evenly.
            Metric::OfferedLoad => (r.queue.seat_seconds > 0.0 && r.calls > 0).then(|| {
                r.queue.offered as f64 * (r.queue.work_seconds / r.calls as f64)
                    / r.queue.seat_seconds
            }),
            Metric::HandledCallsPerAgentHour => {
                Some(r.calls as f64 / (scale.agents * scale.paid_hours_per_year))
            }
            Metric::LostRevenuePerAgentYear => Some(r.lost_revenue_usd() / scale.agents),
            Metric::ObservedRevenuePerAgentYear => Some(r.observed_revenue_usd() / scale.agents),
            Metric::CashProfitPerAgentYear => Some(r.cash_profit_usd() / scale.agents),
            Metric::CashProfitPerAgentInYear(y) => {
                Some(r.cash().later_years_cash_profit_usd[usize::from(y) - 2] / scale.agents)
            }
            Metric::ProgrammeNpvPerAgent => Some(r.cash().npv_usd / scale.agents),
            Metric::PaybackMonth => {
                let m = r.cash().payback_month;
                (m > 0).then_some(f64::from(m))
            }
            Metric::PaidBack => Some(f64::from(u8::from(r.cash().payback_month > 0))),
            Metric::AbandonChurnCostPerAgentYear => Some(r.abandon_churn_cost_usd() / scale.agents),
        }
    }
}

/// ROI = (benefit - cost) / cost x 100; undefined (None), never infinite, when cost is 0.
pub fn roi_pct(benefit_usd: f64, cost_usd: f64) -> Option<f64> {
    (cost_usd > 0.0).then(|| (benefit_usd - cost_usd) / cost_usd * 100.0)
}
