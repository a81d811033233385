"""A second language for the benchmark: the corpus's first documents again, each with a Chinese
original beside its English text, to measure what indexing a second text costs (segmenting it,
folding it to Simplified characters, a second words field, longer exact fields).

The Chinese is drawn, Zipf-distributed, from real words of diplomatic Chinese (so the segmenter
meets words of its dictionary, as in real texts), about 1.6 characters for each English word.
"""
import itertools
import json
import random

from .corpus import zipf_sampler

CHINESE_WORDS = """
的 和 在 是 我们 合作 发展 国家 中国 和平 安全 经济 关系 伙伴 互利 贸易 地区 支持 人民 友谊 共同体 未来
共享 世界 对话 主权 稳定 繁荣 投资 基础设施 互联互通 多边 双边 协议 峰会 部长 主席 政府 文化 交流
共同 利益 尊重 原则 倡议 战略 可持续 能源 气候 卫生 教育 科技 创新 领土 完整 干涉 内政 邻国 周边
承诺 团结 互信 协商 谈判 条约 框架 机制 平台 论坛 代表团 大使 使馆 制裁 冲突 解决 人道主义 援助
增长 市场 金融 银行 出口 进口 铁路 走廊 管道 港口 公路 数字 绿色 农业 粮食 水资源 减贫 青年 妇女
旅游 文明 遗产 历史 周年 世纪 十年 新 重要 进一步 加强 深化 促进 推进 提升 建设 携手 坚定 始终
继续 愿意 致力于 努力 进展 成就 成果 机遇 挑战 亲诚惠容 睦邻友好 命运 共商共建共享 一带一路 开放
包容 公平 正义 民主 自由 多极化 全球化 治理 体系 联合国 宪章 宗旨 维护 反对 霸权 单边主义 保护主义
""".split()
PUNCTUATION = "，，，。、；"
CHARACTERS_PER_ENGLISH_WORD = 1.6


def chinese_paragraph(sample, rng, characters):
    words, length = [], 0
    while length < characters:
        word = sample(1)[0]
        words.append(word)
        length += len(word)
        if rng.random() < 0.12:
            words.append(rng.choice(PUNCTUATION))
    return "".join(words).rstrip("，、；") + "。"


def with_chinese_original(record, sample, rng):
    """Return ``record`` as an official translation of a Chinese original with as many paragraphs."""
    paragraphs = [chinese_paragraph(sample, rng, int(len(english.split()) * CHARACTERS_PER_ENGLISH_WORD))
                  for english in record["body"].split("\n\n")]
    return {**record, "text_role": "official-translation",
            "texts": [{"language": "zh-hans", "role": "original", "body": "\n\n".join(paragraphs)}]}


def write_language_corpora(corpus, one_text_path, two_texts_path, size, seed=2026):
    """Write the corpus's first ``size`` records as they are, and again each with a Chinese original."""
    rng = random.Random(seed)
    sample = zipf_sampler(rng, CHINESE_WORDS)
    with open(corpus, encoding="utf-8") as source, open(one_text_path, "w", encoding="utf-8") as one, \
            open(two_texts_path, "w", encoding="utf-8") as two:
        for line in itertools.islice(source, size):
            record = json.loads(line)
            one.write(json.dumps(record) + "\n")
            two.write(json.dumps(with_chinese_original(record, sample, rng), ensure_ascii=False) + "\n")
