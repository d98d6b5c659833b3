# ruff: noqa: E501  (the wording of the notices: one line per language reads better than wrapped strings)
"""The scenarios shipped with the app (migration 0002 loads them; an administrator edits them after).
From seed 003 (Liaoning's push scenarios) and 001 (Hangzhou: three months before retirement age the
person, the employer and the agency are told). Case, appointment and records events also reach the
citizen by the texts those apps send, so their scenarios use the inbox and add no second text."""

from __future__ import annotations

E, S = "event", "scan"


def _s(code, name, trigger, trigger_name, audience, channels, variables, texts, *, lead=0, legal=False):
    (tz, bz), (tt, bt), (te, be) = texts
    return {
        "code": code, "name": name, "trigger": trigger, "trigger_name": trigger_name, "audience": audience,
        "channels": channels, "fallback_channel": "inbox", "variables": variables,
        "title_zh_hans": tz, "body_zh_hans": bz, "title_zh_hant": tt, "body_zh_hant": bt,
        "title_en": te, "body_en": be, "lead_days": lead, "legally_required": legal,
    }  # fmt: skip


SCENARIOS = [
    _s("contribution_received", "缴费到账", E, "records.contribution.received", ["person"], ["inbox"],
       "name month amount", (
        ("{month}社保缴费已到账", "{name}，您{month}的社会保险缴费{amount}元已到账。"),
        ("{month}社保繳費已到賬", "{name}，您{month}的社會保險繳費{amount}元已到賬。"),
        ("Contribution for {month} received", "{name}, your social insurance contribution of {amount} yuan for {month} has been received."),
    )),
    _s("contribution_arrears", "灵活就业人员欠费提醒", S, "contribution_arrears", ["person"], ["inbox", "sms"],
       "name amount from_month to_month pay_by", (
        ("社保费欠缴提醒", "{name}，您{from_month}至{to_month}的养老保险费共{amount}元尚未缴纳，请于{pay_by}前通过税务APP、银行或任一社保服务窗口缴纳，以免影响待遇。"),
        ("社保費欠繳提醒", "{name}，您{from_month}至{to_month}的養老保險費共{amount}元尚未繳納，請於{pay_by}前通過稅務APP、銀行或任一社保服務窗口繳納，以免影響待遇。"),
        ("Contributions in arrears", "{name}, your pension contributions from {from_month} to {to_month}, {amount} yuan in all, are unpaid. Please pay by {pay_by} in the tax app, at a bank or at any service window."),
    )),
    _s("benefit_paid", "待遇发放", E, "records.benefit.paid", ["person"], ["inbox", "sms"],
       "name month amount change", (
        ("{month}待遇已发放", "{name}，您{month}的养老金{amount}元已发放，其中调整、补发或扣减合计{change}元。"),
        ("{month}待遇已發放", "{name}，您{month}的養老金{amount}元已發放，其中調整、補發或扣減合計{change}元。"),
        ("Pension for {month} paid", "{name}, your pension of {amount} yuan for {month} has been paid; adjustments, back pay or deductions in it: {change} yuan."),
    )),
    _s("benefit_suspended", "待遇暂停", E, "certification.benefit.suspended", ["person", "relatives"],
       ["inbox", "sms"], "name reason", (
        ("待遇暂停发放", "{name}，您的待遇已暂停发放：{reason}。完成资格认证后即恢复并补发。"),
        ("待遇暫停發放", "{name}，您的待遇已暫停發放：{reason}。完成資格認證後即恢復並補發。"),
        ("Benefit suspended", "{name}, your benefit is suspended: {reason}. It resumes, with back pay, once you are certified."),
    ), legal=True),
    _s("benefit_resumed", "待遇恢复", E, "certification.benefit.resumed", ["person", "relatives"],
       ["inbox", "sms"], "name", (
        ("待遇已恢复发放", "{name}，您的待遇已恢复发放，暂停期间的待遇将一并补发。"),
        ("待遇已恢復發放", "{name}，您的待遇已恢復發放，暫停期間的待遇將一併補發。"),
        ("Benefit resumed", "{name}, your benefit is paid again; what was held is paid back with it."),
    )),
    _s("certification_done", "资格认证完成", E, "certification.recipient.certified", ["person", "relatives"],
       ["inbox", "sms"], "name period", (
        ("资格认证已完成", "{name}，您已于{period}完成待遇领取资格认证，待遇照常发放，一年内无需再认证。"),
        ("資格認證已完成", "{name}，您已於{period}完成待遇領取資格認證，待遇照常發放，一年內無需再認證。"),
        ("Certified", "{name}, you were certified on {period}: your benefit continues and you need not certify again for a year."),
    )),
    _s("benefit_stopped", "待遇停发（死亡信息）", E, "certification.benefit.stopped", ["relatives", "agency"],
       ["inbox", "sms"], "name period", (
        ("待遇已停发", "{name}的养老金已因收到{period}的死亡信息停发。如信息有误，请本人持身份证件到任一服务点恢复；如属实，请家属到服务点申领丧葬补助金、抚恤金，并办理多发待遇的退回。"),
        ("待遇已停發", "{name}的養老金已因收到{period}的死亡資訊停發。如資訊有誤，請本人持身分證件到任一服務點恢復；如屬實，請家屬到服務點申領喪葬補助金、撫恤金，並辦理多發待遇的退回。"),
        ("Benefit stopped", "{name}'s pension has stopped: we were told of a death on {period}. If this is wrong, {name} can restore it at any service point with an ID document; if it is right, the family can claim the funeral grant and survivors' benefit there and arrange the return of what was paid after it."),
    ), legal=True),
    _s("certification_due", "资格认证到期提醒", S, "certification_due", ["person", "relatives"], ["inbox", "sms"],
       "name due", (
        ("请按时完成资格认证", "{name}，您的待遇领取资格认证将于{due}到期，请通过手机刷脸或到任一服务点完成认证。"),
        ("請按時完成資格認證", "{name}，您的待遇領取資格認證將於{due}到期，請通過手機刷臉或到任一服務點完成認證。"),
        ("Please certify in time", "{name}, your eligibility certification is due by {due}: certify with your phone's face check or at any service point."),
    ), lead=30),
    _s("certification_overdue", "资格认证逾期", S, "certification_overdue", ["person", "relatives", "agency"],
       ["inbox", "sms"], "name due", (
        ("资格认证已逾期", "{name}，您的待遇领取资格认证已于{due}到期未完成，待遇可能暂停发放，请尽快认证。"),
        ("資格認證已逾期", "{name}，您的待遇領取資格認證已於{due}到期未完成，待遇可能暫停發放，請盡快認證。"),
        ("Certification overdue", "{name}, your eligibility certification was due on {due}. Your benefit may be suspended: please certify soon."),
    ), legal=True),
    _s("retirement_due", "即将到达法定退休年龄", S, "retirement_due", ["person", "employer", "agency"],
       ["inbox", "sms", "email"], "name retire_on age_years age_months items", (
        ("三个月后到达法定退休年龄", "{name}将于{retire_on}到达法定退休年龄（{age_years}岁{age_months}个月）。请提前准备办理“退休一件事”：{items}。女职工如为干部岗位，以原岗位确定的退休年龄为准。"),
        ("三個月後到達法定退休年齡", "{name}將於{retire_on}到達法定退休年齡（{age_years}歲{age_months}個月）。請提前準備辦理「退休一件事」：{items}。女職工如為幹部崗位，以原崗位確定的退休年齡為準。"),
        ("Retirement age in three months", "{name} reaches the statutory retirement age ({age_years} years {age_months} months) in {retire_on}. Prepare the retirement bundle: {items}. Women in cadre posts: the age of the post applies."),
    ), lead=92),
    _s("retirement_unclaimed", "已达退休年龄未申领", S, "retirement_unclaimed", ["person", "relatives"],
       ["inbox", "sms"], "name retire_on", (
        ("您已到达退休年龄，尚未申领养老金", "{name}，您已于{retire_on}到达法定退休年龄，尚未申领基本养老金。请到任一服务窗口或在网上办理退休；缴费不足的，可申请延长缴费。"),
        ("您已到達退休年齡，尚未申領養老金", "{name}，您已於{retire_on}到達法定退休年齡，尚未申領基本養老金。請到任一服務窗口或在網上辦理退休；繳費不足的，可申請延長繳費。"),
        ("You have reached retirement age", "{name}, you reached the statutory retirement age in {retire_on} and have not claimed your pension. Apply at any window or online; short of years, you may extend your contributions."),
    )),
    _s("case_accepted", "办件已受理", E, "cases.case.accepted", ["person"], ["inbox"],
       "name case_number item deadline", (
        ("办件已受理：{item}", "{name}，您的“{item}”已受理，办件编号{case_number}，将于{deadline}前办结。"),
        ("辦件已受理：{item}", "{name}，您的「{item}」已受理，辦件編號{case_number}，將於{deadline}前辦結。"),
        ("Application accepted: {item}", "{name}, your application “{item}” was accepted, case number {case_number}; it will be decided by {deadline}."),
    )),
    _s("case_supplement", "办件需补正材料", E, "cases.case.supplement_needed", ["person"], ["inbox"],
       "name case_number item reason due", (
        ("请补正材料：{item}", "{name}，办件{case_number}“{item}”需要补正：{reason}。请于{due}前在网上或任一窗口补交。"),
        ("請補正材料：{item}", "{name}，辦件{case_number}「{item}」需要補正：{reason}。請於{due}前在網上或任一窗口補交。"),
        ("Please supplement: {item}", "{name}, case {case_number} “{item}” needs more from you: {reason}. Supply it by {due}, online or at any window."),
    )),
    _s("case_decided", "办件已办结", E, "cases.case.decided", ["person"], ["inbox"], "name case_number item", (
        ("办件有结果了：{item}", "{name}，办件{case_number}“{item}”已作出决定，请登录“我的服务”查看决定书。"),
        ("辦件有結果了：{item}", "{name}，辦件{case_number}「{item}」已作出決定，請登錄「我的服務」查看決定書。"),
        ("Decision on {item}", "{name}, case {case_number} “{item}” is decided: sign in to My services for the letter."),
    )),
    _s("case_ready", "办件可领取", E, "cases.case.ready", ["person"], ["inbox"], "name case_number item place", (
        ("可以领取了：{item}", "{name}，办件{case_number}“{item}”的结果已可在{place}领取，请带身份证件前往。"),
        ("可以領取了：{item}", "{name}，辦件{case_number}「{item}」的結果已可在{place}領取，請帶身份證件前往。"),
        ("Ready to collect: {item}", "{name}, the result of case {case_number} “{item}” is ready at {place}: bring your ID."),
    )),
    _s("case_material_reminder", "补交材料提醒", E, "cases.case.reminded", ["person"], ["inbox"],
       "name case_number item missing due", (
        ("请按时补交材料：{item}", "{name}，办件{case_number}“{item}”还缺{missing}，请于{due}前在网上或任一窗口补交。"),
        ("請按時補交材料：{item}", "{name}，辦件{case_number}「{item}」還缺{missing}，請於{due}前在網上或任一窗口補交。"),
        ("Material still missing: {item}", "{name}, case {case_number} “{item}” still needs {missing} by {due}, online or at any window."),
    )),
    _s("case_suspended", "办件因材料逾期中止", E, "cases.case.suspended", ["person", "relatives"], ["inbox"],
       "name case_number item missing due", (
        ("办件已中止：{item}", "{name}，办件{case_number}“{item}”因{missing}未在{due}前补交已中止；补交后即继续办理。"),
        ("辦件已中止：{item}", "{name}，辦件{case_number}「{item}」因{missing}未在{due}前補交已中止；補交後即繼續辦理。"),
        ("Case suspended: {item}", "{name}, case {case_number} “{item}” is suspended: {missing} did not arrive by {due}. It goes on as soon as you supply it."),
    )),
    _s("case_mailed", "结果已邮寄", E, "cases.case.mailed", ["person"], ["inbox", "sms"],
       "name case_number item tracking_number", (
        ("结果已邮寄：{item}", "{name}，办件{case_number}“{item}”的结果已寄出，邮件号{tracking_number}，请注意查收。"),
        ("結果已郵寄：{item}", "{name}，辦件{case_number}「{item}」的結果已寄出，郵件號{tracking_number}，請注意查收。"),
        ("Sent by mail: {item}", "{name}, the result of case {case_number} “{item}” is in the post, tracking number {tracking_number}."),
    )),
    _s("insurance_stopped", "停保提醒", S, "insurance_stopped", ["person"], ["inbox", "sms"],
       "name month employer", (
        ("社保已停止缴费", "{name}，{employer}自{month}起已停止为您缴纳职工养老保险。如已离职，可办理失业登记、申领失业保险金，或以灵活就业人员身份继续缴费，缴费年限累计计算；如有疑问，请联系单位或拨打12333。"),
        ("社保已停止繳費", "{name}，{employer}自{month}起已停止為您繳納職工養老保險。如已離職，可辦理失業登記、申領失業保險金，或以靈活就業人員身分繼續繳費，繳費年限累計計算；如有疑問，請聯繫單位或撥打12333。"),
        ("Your contributions have stopped", "{name}, {employer} stopped paying your employees' pension contributions from {month}. If you have left, you can register as unemployed, claim unemployment benefit, or go on paying as a flexible worker; your years add up. Questions: your employer or 12333."),
    )),
    _s("consultation_answered", "咨询已答复", E, "consult.ticket.answered", ["person"], ["inbox", "sms"],
       "name number question", (
        ("您的咨询已答复", "{name}，您的咨询（{number}：{question}）已由工作人员答复，请登录“我的咨询”查看。"),
        ("您的諮詢已答覆", "{name}，您的諮詢（{number}：{question}）已由工作人員答覆，請登入「我的諮詢」查看。"),
        ("Your question is answered", "{name}, staff have answered your question ({number}: {question}). Sign in and open My questions to read it."),
    )),
    _s("employer_welcome", "新参保单位欢迎", E, "people.employer.registered", ["person", "employer"],
       ["inbox", "sms"], "name employer credit_code", (
        ("欢迎参加社会保险", "{name}，您好！{employer}（统一社会信用代码{credit_code}）已完成社会保险参保登记。接下来请：1. 自用工之日起30日内为职工办理参保登记（增员），员工离职时办理减员；2. 按月申报并缴纳社会保险费；3. 经办人登录“我的服务”可查看单位的通知和办件进度。有疑问可使用智能咨询或拨打12333。"),
        ("歡迎參加社會保險", "{name}，您好！{employer}（統一社會信用代碼{credit_code}）已完成社會保險參保登記。接下來請：1. 自用工之日起30日內為職工辦理參保登記（增員），員工離職時辦理減員；2. 按月申報並繳納社會保險費；3. 經辦人登錄「我的服務」可查看單位的通知和辦件進度。有疑問可使用智能諮詢或撥打12333。"),
        ("Welcome to social insurance", "{name}, welcome! {employer} (unified social credit code {credit_code}) is registered for social insurance. Next: 1. enrol each employee within 30 days of hiring them, and take leavers off; 2. declare and pay contributions every month; 3. as its handling staff, sign in to My services to read the employer's notices and follow its cases. Questions: the smart Q&A or 12333."),
    )),
    _s("appointment_reminder", "预约提醒", E, "hall.appointment.reminder", ["person"], ["inbox"],
       "name when place code", (
        ("明天的预约", "{name}，您预约了{when}在{place}办理，预约码{code}，请准时到达并签到。"),
        ("明天的預約", "{name}，您預約了{when}在{place}辦理，預約碼{code}，請準時到達並簽到。"),
        ("Your booking tomorrow", "{name}, you are booked at {place} at {when}, booking code {code}. Please check in on time."),
    )),
    _s("annual_statement", "年度权益记录单", S, "annual_statement", ["person"], ["inbox"], "name year", (
        ("{year}年度权益记录单已生成", "{name}，您{year}年度的社会保险个人权益记录已生成，请登录“我的服务”查看。"),
        ("{year}年度權益記錄單已生成", "{name}，您{year}年度的社會保險個人權益記錄已生成，請登錄「我的服務」查看。"),
        ("Your {year} statement is ready", "{name}, your social insurance statement for {year} is ready in My services."),
    ), lead=31),
]  # fmt: skip


def load(scenario_model, version_model) -> int:
    """Create the scenarios that do not exist yet (by code), each with its first version."""
    created = 0
    for fields in SCENARIOS:
        if scenario_model.objects.filter(code=fields["code"]).exists():
            continue
        scenario = scenario_model.objects.create(version=1, active=True, **fields)
        version_model.objects.create(scenario=scenario, version=1, content=fields, saved_by="seed")
        created += 1
    return created
