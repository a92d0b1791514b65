"""The real text of the documents that reached us only as text, kept faithfully, for render.py to lay out.

Every string here is copied from the public page named in ../sources.yaml; nothing is paraphrased. Where the
source we could reach stopped part-way (the search corpus returns about the first 2 KB of a page), the text
stops at the last complete sentence and sources.yaml says so.
"""

NEWS_RFS_2020 = {
    "title": "Re-industrialisation subsidy opens",
    "date": "July 27, 2020",
    "paragraphs": [
        "The Innovation & Technology Commission today rolled out the $2 billion Re-industrialisation Funding "
        "Scheme to subsidise manufacturers to set up new smart production lines in Hong Kong.",
        "The scheme, which is under the Innovation & Technology Fund, aims to encourage manufacturers to develop "
        "advanced manufacturing industries in Hong Kong that are based on smart production to promote "
        "re-industrialisation and identify new growth points for the local economy.",
        "Companies incorporated in Hong Kong under the Companies Ordinance are eligible to apply for the subsidy.",
        "The Government will provide funding on a 1:2 matching basis, with a ceiling set at one-third of the total "
        "project cost or $15 million, whichever is lower. The approved funding will be disbursed upon completion "
        "of the project.",
        "The funding covers expenses directly related to the establishment of the new local smart production "
        "line, including costs of procurement, installation and commissioning of the machinery, equipment or "
        "apparatus, as well as fees for engaging technical consultants for the design and setting up of the "
        "production line concerned.",
        "The scheme is open for applications throughout the year. A vetting committee has been established to "
        "review applications.",
        "For enquiries, call 3655 5678 or send an email to the scheme's secretariat.",
    ],
}

# The Innovation and Technology Fund's "Statistics of Approved Projects" page, three snapshots.
ITF_STATS = {
    "2016-11-30": {
        "as_at": "(as at 30/11/2016)",
        "rows": [
            ("Innovation and Technology Support Programme", "2268", "9,462.5"),
            ("General Support Programme", "4133", "1,013.5"),
            ("University-Industry Collaboration Programme", "298", "353.4"),
            ("Small Entrepreneur Research Assistance Programme", "416", "508.2"),
            ("Enterprise Support Scheme", "22", "65.6"),
            ("Research and Development Cash Rebate Scheme (Since April 2016)", "185", "45.6"),
        ],
        "total": ("Total:", "7322", "11,850.2**"),
        "notes": [
            "Includes funding to Partner State Key Laboratories, Hong Kong Branch(es) of Chinese National "
            "Engineering Reserach Centre(s), Technology Transfer Offices of universities and Technology Start-up "
            "Support Scheme for Universities.",
        ],
    },
    "2016-12-31": {
        "as_at": "(as at 31/12/2016)",
        "rows": [
            ("Innovation and Technology Support Programme", "2279", "9,482.4"),
            ("General Support Programme", "2578", "1,021.7"),
            ("University-Industry Collaboration Programme", "300", "354.7"),
            ("Small Entrepreneur Research Assistance Programme", "416", "508.2"),
            ("Enterprise Support Scheme", "22", "65.6"),
            ("Research and Development Cash Rebate Scheme (Since April 2016)", "210", "52.3"),
        ],
        "total": ("Total:", "5805*", "11,898.4**"),
        "notes": [
            "* Exclude cases of Patent Application Grant.",
            "** Includes funding to Partner State Key Laboratories, Hong Kong Branch(es) of Chinese National "
            "Engineering Research Centre(s), Technology Transfer Offices of universities and Technology Start-up "
            "Support Scheme for Universities.",
        ],
    },
    "2017-04-30": {
        "as_at": "(as at 30/4/2017)",
        "rows": [
            ("Innovation and Technology Support Programme", "2,406", "9,878.3"),
            ("General Support Programme", "2,724", "1,085.8"),
            ("University-Industry Collaboration Programme", "308", "369.1"),
            ("Small Entrepreneur Research Assistance Programme", "416", "508.2"),
            ("Enterprise Support Scheme", "24", "67.5"),
            ("Research and Development Cash Rebate Scheme (Since April 2016)", "305", "82.8"),
            ("Technology Voucher Programme", "46", "5.8"),
        ],
        "total": ("Total:", "6,229*", "12,430.1**"),
        "notes": [
            "* Exclude cases of Patent Application Grant.",
            "** Includes funding to Partner State Key Laboratories, Hong Kong Branch(es) of Chinese National "
            "Engineering Research Centre(s), Technology Transfer Offices of universities and Technology Start-up "
            "Support Scheme for Universities.",
        ],
    },
}

BUDGET_2025_PART3 = {
    "title": "Budget Speech by the Financial Secretary (3)",
    "blocks": [
        ("h2", "Artificial Intelligence Application"),
        ("h3", "International Conference on Embodied AI Robot"),
        ("p", "44. The HKIC will host the first International Conference on Embodied AI Robot to pool together top "
              "notch technology enterprises, academic institutions and investors to showcase the latest R&D "
              "outcomes and application scenarios, thereby boosting Hong Kong\u2019s global influence on "
              "technology areas."),
        ("h2", "Smart Manufacturing"),
        ("p", "45. We enhanced the New Industrialisation Funding Scheme last year to strengthen support for local "
              "manufacturing enterprises to shift to smart manufacturing. The number of new smart production lines "
              "supported by the Scheme has exceeded 100, involving industries such as biotechnology, nanofibre "
              "materials, new energy, etc. The total investment cost is around $1.3 billion, of which $930 million "
              "came from private investment."),
        ("p", "46. We also launched the New Industrialisation Acceleration Scheme in September last year to provide "
              "matching subsidies to enterprises to build smart production facilities in Hong Kong. The first "
              "application for the project has been approved, with a total investment of about $600 million, of "
              "which government funding amounts to about $200 million. The project will build smart production "
              "facilities in the field of life and health technology."),
        ("p", "47. We plan to launch the two-year Pilot Manufacturing and Production Line Upgrade Support Scheme "
              "(Manufacturing+) this year. The Government will provide funding of up to $250,000 each on a "
              "one-to-two matching basis to enterprises operating production lines in Hong Kong to support their "
              "formulation of smart production strategies and introduction of advanced technologies into existing "
              "production lines. I have earmarked $100 million for the Scheme, benefitting some 400 enterprises."),
    ],
}

LCQ8_2025 = {
    "title": "LCQ8: Promoting development of new industrialisation",
    "paragraphs": [
        "Following is a question by the Hon Sunny Tan and a written reply by the Secretary for Innovation, "
        "Technology and Industry, Professor Sun Dong, in the Legislative Council today (July 30):",
        "Question:",
        "The Innovation and Technology Commission announced in June this year the introduction of an enhancement "
        "to the New Industrialisation Funding Scheme (NIFS) (the enhancement measure) whereby applications seeking "
        "funding support of no more than $2.8 million will be processed according to the newly established "
        "streamlined procedures to speed up the process of approving applications. In this connection, will the "
        "Government inform this Council:",
        "(1) as the 2022 Policy Address envisaged subsidising the setting up of more smart production lines in "
        "Hong Kong under NIFS with the target of increasing the cumulative number of smart production lines by "
        "four times from about 30 back then to over 130 in five years, of the current progress in achieving the "
        "target; whether the authorities will consider raising the target number of smart production lines in the "
        "light of the progress in achieving the target;",
        "(2) of the specific details of the streamlined procedures under the enhancement measure; whether it has "
        "estimated the extent to which the processing time for applications will be shortened after the "
        "introduction of the enhancement measure compared with that before the enhancement, and of the number of "
        "manufacturers as well as small and medium enterprises which are expected to benefit from the enhancement "
        "measure; and",
        "(3) how the authorities will leverage and strengthen the advantages and solid foundations of traditional "
        "industries (such as the textiles and garment industry), and support their upgrading and transformation "
        "through the integration of innovation and technology",
    ],
}

ITF_NIAS_PAGE = """\
# New Industrialisation Acceleration Scheme (NIAS)

## Objective

Launched in September 2024, the New Industrialisation Acceleration Scheme (NIAS) aims to provide funding support for enterprises engaging in industries of strategic importance (i.e. life and health technology, artificial intelligence (AI) and data science, and advanced manufacturing and new energy technologies) to set up new smart production facilities in Hong Kong.

## Eligibility

Applicants must fulfil the following requirements:

- incorporated in Hong Kong under the Companies Ordinance (Cap. 622);
- not a government subvented organisation or subsidiary of subvented organisations;
- commit an investment of no less than $200 million of funding that is within the approved funding scope in the setting up of new smart production facilities in Hong Kong in the three designated technology areas (i.e. life and health technology, AI and data science, and advanced manufacturing and new energy technologies) (i.e. for each project, the minimum total project cost is $300 million and the enterprise has to contribute no less than $200 million); and
- the smart production facilities in (c) above shall involve high-end and advanced technology.

## Key Features

- Matching basis: Funding will be provided on a 1 (Government) : 2 (enterprise) matching basis.
- Funding principles and amount: For each project, the minimum total project cost is $300 million. The enterprise has to contribute no less than $200 million and the Government will cover a maximum of one-third of the total approved project cost or $200 million, whichever is lower. Each enterprise may have a maximum of two projects approved, receiving up to $200 million in total.
- Funding scope: Expenses directly related to the establishment of the new smart production facilities in Hong Kong, as well as specialised facilities and associated auxiliary equipment that are necessary for the operation of the smart production facilities.
- Project duration: Normally within 36 months.
"""

PRESS_NIAS_2025_EN = """\
First application under New Industrialisation Acceleration Scheme supported by Vetting Committee and number of smart production lines supported under New Industrialisation Funding Scheme exceeding 100
****************************************************************************************************************************************************************************************

     The Innovation and Technology Commission (ITC) announced today (February 5) that the New Industrialisation Vetting Committee under the Innovation and Technology Fund (ITF) has supported an application under the New Industrialisation Acceleration Scheme (NIAS) submitted by Jean-Marie Pharmacal Company Limited, a subsidiary of the Jacobson Group, covering the life and health technology sector. The project plans to set up smart production lines for sterilised eye drops, oral solid dose and oral liquid dose. This is the first NIAS project supported by the Vetting Committee. The total cost of the project is projected to be around $600 million, and the expected NIAS funding amount involved will be around $200 million.

     At the same time, the ITC announced that the number of new smart production lines supported by the Vetting Committee under the New Industrialisation Funding Scheme (NIFS) has exceeded 100 since the launch of NIFS, involving industries such as food manufacturing and processing (including health food), textiles and clothing, construction materials, medical devices, nanofiber materials, new energy, pharmaceutical (including Chinese medicine), electronics, printing and product accessories with a total estimated project cost of around $1.3 billion, of which $930 million came from private investment.

     The Secretary for Innovation, Technology and Industry, Professor Sun Dong, said, "The Government proactively engages in innovation and technology (I&T) industry development. By launching the NIFS and the NIAS, we aim to promote new industrialisation and secure room for high-quality development in Hong Kong.
"""

# The Government's own Simplified Chinese edition of the Chinese press release (sc.isd.gov.hk), as reached:
# its first paragraph and its end were not in the copy we could reach.
PRESS_NIAS_2025_SC = """\
「新型工业加速计划」首宗项目获评审委员会支持及「新型工业化资助计划」下获支持生产线突破100条
***********************************************

同时,创新科技署亦公布「新型工业化资助计划」自推出至今,评审委员会支持在香港建立的新智能生产线数目已突破100条,涵盖食品制造及加工(包括健康食品)、纺织及制衣、建造材料、医疗器材、生物科技、纳米纤维材料、新能源、制药(包括中药)、电子、印刷及器材配件等行业,涉及总预算金额约十三亿元,当中约九亿三千万元为私人投资。

创新科技及工业局局长孙东教授表示:「政府在发展创科产业方面积极进取、主动作为,分别推出『新型工业化资助计划』和『加速计划』,藉此推动新型工业发展,为香港的高质量发展搏取新的发展空间。我们乐见企业积极参与两项计划,利用创新科技实现智能化制造,以提升竞争力。政府会继续协助更多企业在香港设立新智能生产设施,以及支持本地企业智能化及实现新型工业化,促进香港的制造业及多元经济发展。」

行政长官在二○二三年《施政报告》中提出设立100亿元的「加速计划」,「加速计划」于二○二四年九月推出。「加速计划」为从事策略性产业(即生命健康科技、人工智能与数据科学,以及先进制造与新能源科技),并投资不少于两亿元在香港设立新智能生产设施的企业,以一(政府):二(企业)的配对形式提供资助。就每个申请项目而言,总项目成本最少为三亿元,企业须投入不少于二亿元资金,而政府的资助额上限为获批项目总开支的三分之一或二亿元,以较低者为准。每家企业在「加速计划」下资助总额上限为二亿元。
"""
