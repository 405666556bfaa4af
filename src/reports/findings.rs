//! Suggested actions per RFM segment and cn8 class, and the sentences that
//! turn report figures into findings, in English and Chinese.
//!
//! The figures always come from the caller's query; these functions only
//! word them.

use crate::language::Language;
use crate::reports::text::percent;

/// One suggested action: the model, the segment in English and Chinese (as
/// `rfm_segment` and `rfm_class` name it), the action in both languages.
pub struct Action {
    pub model: &'static str,
    pub segment_en: &'static str,
    pub segment_zh: &'static str,
    pub action_en: &'static str,
    pub action_zh: &'static str,
}

const fn action(
    model: &'static str,
    segment_en: &'static str,
    segment_zh: &'static str,
    action_en: &'static str,
    action_zh: &'static str,
) -> Action {
    Action {
        model,
        segment_en,
        segment_zh,
        action_en,
        action_zh,
    }
}

/// The usual playbook.
pub const ACTIONS: [Action; 19] = [
    action(
        "standard",
        "Champions",
        "冠军客户",
        "Reward them: early access, loyalty perks, ask for reviews and referrals.",
        "给予奖励：新品优先体验、会员礼遇，邀请评价和推荐。",
    ),
    action(
        "standard",
        "Loyal Customers",
        "忠诚客户",
        "Upsell higher-value products and enrol them in the loyalty programme.",
        "推荐更高价值的产品，邀请加入会员计划。",
    ),
    action(
        "standard",
        "Potential Loyalists",
        "潜力客户",
        "Offer membership and personalised recommendations to build the habit.",
        "提供会员资格和个性化推荐，培养购买习惯。",
    ),
    action(
        "standard",
        "Recent Customers",
        "新客户",
        "Onboard them well: welcome series, first-month support, a second-purchase offer.",
        "做好新客接待：欢迎礼包、首月跟进、第二单优惠。",
    ),
    action(
        "standard",
        "Promising",
        "有前景客户",
        "Build brand awareness with free trials and targeted offers.",
        "通过免费试用和定向优惠提升品牌认知。",
    ),
    action(
        "standard",
        "Customers Needing Attention",
        "需要关注客户",
        "Reactivate with limited-time offers based on their past purchases.",
        "根据历史购买推送限时优惠，重新激活。",
    ),
    action(
        "standard",
        "About to Sleep",
        "即将沉睡客户",
        "Reconnect before they lapse: share popular products, a renewal discount.",
        "在流失前重新联系：推荐热销产品，提供续购折扣。",
    ),
    action(
        "standard",
        "At Risk",
        "流失风险客户",
        "Win them back with personal contact, renewals and helpful resources.",
        "通过专人联系、续约方案和实用资料挽回。",
    ),
    action(
        "standard",
        "Can't Lose Them",
        "不能失去的客户",
        "Win them back now: a call from their account manager, a tailored offer.",
        "立即挽回：由客户经理亲自联系，提供专属方案。",
    ),
    action(
        "standard",
        "Hibernating",
        "沉睡客户",
        "Offer other relevant products and special discounts; recreate value.",
        "推荐其他相关产品和特别折扣，重新建立价值。",
    ),
    action(
        "standard",
        "Lost",
        "流失客户",
        "Revive interest with a reach-out campaign; otherwise spend little on them.",
        "以唤醒活动重新吸引；否则减少投入。",
    ),
    action(
        "cn8",
        "important value",
        "重要价值客户",
        "Keep them: dedicated service, priority supply, VIP treatment.",
        "重点维护：专属服务、优先供货、VIP待遇。",
    ),
    action(
        "cn8",
        "important development",
        "重要发展客户",
        "Raise purchase frequency: regular visits, bundles, a purchase plan.",
        "提高购买频次：定期拜访、组合销售、制定采购计划。",
    ),
    action(
        "cn8",
        "important retention",
        "重要保持客户",
        "Get back in touch: they bought often and much but not lately.",
        "主动联系：他们曾经频繁大额购买，但近期没有购买。",
    ),
    action(
        "cn8",
        "important win-back",
        "重要挽留客户",
        "Find out why they left and win them back with a tailored offer.",
        "了解流失原因，用专属方案挽回。",
    ),
    action(
        "cn8",
        "general value",
        "一般价值客户",
        "Grow order value with upselling and cross-selling.",
        "通过追加销售和交叉销售提高客单价。",
    ),
    action(
        "cn8",
        "general development",
        "一般发展客户",
        "Nurture with promotions to increase frequency and value.",
        "用促销活动培养，提高购买频次和金额。",
    ),
    action(
        "cn8",
        "general retention",
        "一般保持客户",
        "Keep in touch at low cost: newsletters, seasonal offers.",
        "低成本保持联系：资讯推送、季节性优惠。",
    ),
    action(
        "cn8",
        "general win-back",
        "一般挽留客户",
        "Low priority: include in broad reactivation campaigns only.",
        "低优先级：仅纳入大范围的唤醒活动。",
    ),
];

impl Action {
    pub fn segment(&self, language: Language) -> &'static str {
        match language {
            Language::En => self.segment_en,
            Language::Zh => self.segment_zh,
        }
    }

    pub fn action(&self, language: Language) -> &'static str {
        match language {
            Language::En => self.action_en,
            Language::Zh => self.action_zh,
        }
    }
}

/// The action for a segment or class named in either language.
pub fn suggested_action(segment: &str, language: Language) -> Option<&'static str> {
    ACTIONS
        .iter()
        .find(|a| a.segment_en.eq_ignore_ascii_case(segment) || a.segment_zh == segment)
        .map(|a| a.action(language))
}

/// "Top 10% of customers (5) bring 57.4% of sales".
pub fn top_share_sentence(
    fraction: f64,
    customers: usize,
    share: f64,
    language: Language,
) -> String {
    let fraction = trim_percent(fraction);
    match language {
        Language::En => format!(
            "Top {fraction} of customers ({customers}) bring {} of sales",
            percent(share)
        ),
        Language::Zh => format!(
            "前{fraction}的客户（{customers}位）贡献了{}的销售额",
            percent(share)
        ),
    }
}

/// "A customers: 18.0% of customers, 71.2% of sales".
pub fn class_sentence(
    class: &str,
    customer_share: f64,
    amount_share: f64,
    language: Language,
) -> String {
    match language {
        Language::En => format!(
            "{class} customers: {} of customers, {} of sales",
            percent(customer_share),
            percent(amount_share)
        ),
        Language::Zh => format!(
            "{class}类客户：占客户数的{}，占销售额的{}",
            percent(customer_share),
            percent(amount_share)
        ),
    }
}

/// "34 customers in Champions have not bought for 45 days or more".
pub fn lapsed_sentence(customers: i64, segment: &str, days: i64, language: Language) -> String {
    match language {
        Language::En => {
            let (noun, verb) = if customers == 1 {
                ("customer", "has")
            } else {
                ("customers", "have")
            };
            format!("{customers} {noun} in {segment} {verb} not bought for {days} days or more")
        }
        Language::Zh => format!("{customers}位{segment}已有{days}天或更久未购买"),
    }
}

/// "Class 广东 grew 9.4% on the previous period"; fell for a negative
/// growth; no growth when the previous period had nothing.
pub fn growth_sentence(subject: &str, growth: Option<f64>, language: Language) -> String {
    match (growth, language) {
        (Some(g), Language::En) if g >= 0.0 => {
            format!("{subject} grew {} on the previous period", percent(g))
        }
        (Some(g), Language::En) => format!("{subject} fell {} on the previous period", percent(-g)),
        (None, Language::En) => format!("{subject} had no sales in the previous period"),
        (Some(g), Language::Zh) if g >= 0.0 => format!("{subject}比上期增长{}", percent(g)),
        (Some(g), Language::Zh) => format!("{subject}比上期下降{}", percent(-g)),
        (None, Language::Zh) => format!("{subject}上期没有销售"),
    }
}

/// 0.1 → "10%", 0.125 → "12.5%".
fn trim_percent(fraction: f64) -> String {
    let text = format!("{:.1}", fraction * 100.0);
    let text = text.strip_suffix(".0").unwrap_or(&text);
    format!("{text}%")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rfm::segments::{cn8, standard};

    #[test]
    fn every_segment_and_class_has_an_action() {
        for language in [Language::En, Language::Zh] {
            for r in 1..=5u8 {
                for fm in 1..=5u8 {
                    let score = crate::rfm::scale::Score::parse(&format!("{r}{fm}{fm}")).unwrap();
                    let name = standard(&score, language).unwrap();
                    assert!(suggested_action(name, language).is_some(), "{name}");
                }
            }
            for index in 0..8 {
                let name = cn8([index & 4 != 0, index & 2 != 0, index & 1 != 0], language);
                assert!(suggested_action(name, language).is_some(), "{name}");
            }
        }
        assert_eq!(
            suggested_action("冠军客户", Language::En),
            suggested_action("champions", Language::En)
        );
        assert_eq!(suggested_action("nobody", Language::En), None);
    }

    #[test]
    fn sentences() {
        assert_eq!(
            top_share_sentence(0.1, 5, 0.5743, Language::En),
            "Top 10% of customers (5) bring 57.4% of sales"
        );
        assert_eq!(
            top_share_sentence(0.125, 5, 0.5743, Language::Zh),
            "前12.5%的客户（5位）贡献了57.4%的销售额"
        );
        assert_eq!(
            class_sentence("A", 0.18, 0.712, Language::En),
            "A customers: 18.0% of customers, 71.2% of sales"
        );
        assert_eq!(
            lapsed_sentence(1, "Champions", 45, Language::En),
            "1 customer in Champions has not bought for 45 days or more"
        );
        assert_eq!(
            lapsed_sentence(3, "冠军客户", 45, Language::Zh),
            "3位冠军客户已有45天或更久未购买"
        );
        assert_eq!(
            growth_sentence("Class 广东", Some(0.094), Language::En),
            "Class 广东 grew 9.4% on the previous period"
        );
        assert_eq!(
            growth_sentence("广东", Some(-0.05), Language::Zh),
            "广东比上期下降5.0%"
        );
        assert_eq!(
            growth_sentence("X", None, Language::En),
            "X had no sales in the previous period"
        );
    }
}
